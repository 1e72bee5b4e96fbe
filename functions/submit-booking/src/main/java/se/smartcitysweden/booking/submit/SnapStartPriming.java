package se.smartcitysweden.booking.submit;

import java.time.LocalDate;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Before SnapStart takes its snapshot, runs the code a first request needs (validation, Jackson,
 * the DynamoDB client's first call with its signing, TLS and HTTP set-up) so the restored
 * function starts warm. The call is a read of a key that does not exist: it changes nothing.
 */
final class SnapStartPriming implements Resource {
    private static final String SAMPLE = "{\"node\":\"umea\",\"mainGoal\":\"learning\",\"purpose\":\"Priming\","
            + "\"focusAreas\":[\"energy\"],\"preferredDates\":[{\"from\":\"%1$s\",\"to\":\"%1$s\"}],"
            + "\"expectedParticipants\":1,\"contact\":{\"name\":\"Priming\",\"email\":\"priming@example.org\"},"
            + "\"acceptsCosts\":true,\"consent\":true}";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    SnapStartPriming(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Registers the priming; outside SnapStart (or CRaC) nothing ever calls it. */
    static void register(DynamoDbClient dynamoDb, String tableName) {
        Core.getGlobalContext().register(new SnapStartPriming(dynamoDb, tableName));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LocalDate day = LocalDate.now().plusDays(30);
        BookingRequestParser.parse(Json.parse(String.format(SAMPLE, day)), LocalDate.now());
        try {
            dynamoDb.getItem(request -> request.tableName(tableName)
                    .key(Map.of(BookingTable.PK, AttributeValue.fromS("PRIMING#snapstart"))));
        } catch (RuntimeException e) {
            // Priming is an optimisation: a failure here must not stop the snapshot.
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: credentials come from the environment of the restored function.
    }
}
