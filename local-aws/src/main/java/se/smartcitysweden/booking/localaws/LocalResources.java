package se.smartcitysweden.booking.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
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
        try (SqsClient sqs = clients.sqs()) {
            for (String logicalId : template.resourcesOfType("AWS::SQS::Queue")) {
                sqs.createQueue(request -> request.queueName(template.physicalName(logicalId)));
                created.add("SQS queue " + template.physicalName(logicalId) + " (" + logicalId + ")");
            }
        }
        try (SecretsManagerClient secrets = clients.secretsManager()) {
            for (String logicalId : template.resourcesOfType("AWS::SecretsManager::Secret")) {
                createSecret(secrets, logicalId);
                created.add("Secrets Manager secret " + template.physicalName(logicalId) + " (" + logicalId + ")");
            }
        }
        try (SesV2Client ses = clients.ses()) {
            for (String logicalId : template.resourcesOfType("AWS::SES::EmailIdentity")) {
                String identity = template.resolve(template.properties(logicalId).path("EmailIdentity"));
                try {
                    ses.createEmailIdentity(request -> request.emailIdentity(identity));
                } catch (AlreadyExistsException exists) {
                    // created by an earlier run
                }
                created.add("SES identity " + identity + " (" + logicalId + ")");
            }
            // AWS refuses a send through a configuration set that does not exist (moto does not check).
            for (String logicalId : template.resourcesOfType("AWS::SES::ConfigurationSet")) {
                String name = template.physicalName(logicalId);
                try {
                    ses.createConfigurationSet(request -> request.configurationSetName(name));
                } catch (AlreadyExistsException exists) {
                    // created by an earlier run
                }
                created.add("SES configuration set " + name + " (" + logicalId + ")");
            }
        }
        return created;
    }

    /** A secret with a fresh random value, as GenerateSecretString makes in AWS. */
    private void createSecret(SecretsManagerClient secrets, String logicalId) {
        String name = template.physicalName(logicalId);
        int length = template.properties(logicalId).path("GenerateSecretString").path("PasswordLength").asInt(64);
        StringBuilder value = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < length; i++) value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        try {
            secrets.createSecret(request -> request.name(name).secretString(value.toString()));
        } catch (ResourceExistsException exists) {
            // keep the existing secret: links already sent stay valid
        }
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
