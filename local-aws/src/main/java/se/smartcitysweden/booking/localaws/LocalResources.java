package se.smartcitysweden.booking.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Creates in the emulator the resources {@code template.yaml} declares, read from the template
 * itself (not from a second list kept by hand). Creating what exists already is not an error.
 */
public final class LocalResources {
    private final CloudFormationTemplate template;
    private final LocalAwsClients clients;

    public LocalResources(CloudFormationTemplate template, LocalAwsClients clients) {
        this.template = template;
        this.clients = clients;
    }

    /** Creates every supported resource and returns a line per resource for the console. */
    public List<String> createAll() {
        List<String> created = new ArrayList<>();
        try (DynamoDbClient dynamoDb = clients.dynamoDb()) {
            for (String logicalId : template.resourcesOfType("AWS::DynamoDB::Table")) {
                createTable(dynamoDb, logicalId);
                created.add("DynamoDB table " + template.physicalName(logicalId) + " (" + logicalId + ")");
            }
        }
        return created;
    }

    private void createTable(DynamoDbClient dynamoDb, String logicalId) {
        JsonNode properties = template.properties(logicalId);
        String tableName = template.physicalName(logicalId);
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(properties.path("AttributeDefinitions"), definition ->
                        AttributeDefinition.builder().attributeName(definition.path("AttributeName").asText())
                                .attributeType(definition.path("AttributeType").asText()).build()))
                .keySchema(keySchema(properties.path("KeySchema")));
        if (properties.has("GlobalSecondaryIndexes")) {
            request.globalSecondaryIndexes(list(properties.path("GlobalSecondaryIndexes"), index ->
                    GlobalSecondaryIndex.builder().indexName(index.path("IndexName").asText())
                            .keySchema(keySchema(index.path("KeySchema")))
                            .projection(projection(index.path("Projection")))
                            .build()));
        }
        JsonNode stream = properties.path("StreamSpecification");
        if (!stream.isMissingNode()) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(stream.path("StreamViewType").asText()).build());
        }
        try {
            dynamoDb.createTable(request.build());
        } catch (ResourceInUseException exists) {
            return;
        }
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            dynamoDb.updateTimeToLive(update -> update.tableName(tableName).timeToLiveSpecification(spec ->
                    spec.attributeName(ttl.path("AttributeName").asText()).enabled(true)));
        }
    }

    private static List<KeySchemaElement> keySchema(JsonNode keys) {
        return list(keys, key -> KeySchemaElement.builder().attributeName(key.path("AttributeName").asText())
                .keyType(key.path("KeyType").asText()).build());
    }

    private static Projection projection(JsonNode projection) {
        Projection.Builder builder = Projection.builder().projectionType(projection.path("ProjectionType").asText("ALL"));
        if (projection.has("NonKeyAttributes")) builder.nonKeyAttributes(list(projection.get("NonKeyAttributes"), JsonNode::asText));
        return builder.build();
    }

    private static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> mapper) {
        List<T> items = new ArrayList<>();
        array.forEach(item -> items.add(mapper.apply(item)));
        return items;
    }
}
