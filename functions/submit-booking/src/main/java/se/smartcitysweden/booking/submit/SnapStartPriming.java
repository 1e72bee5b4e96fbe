package se.smartcitysweden.booking.submit;

import java.time.LocalDate;
import se.smartcitysweden.booking.aws.Priming;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Before SnapStart takes its snapshot, runs the code a first request needs (validation, Jackson,
 * the DynamoDB client's first call with its signing, TLS and HTTP set-up) so the restored
 * function starts warm. The call is a read of a key that does not exist: it changes nothing.
 */
final class SnapStartPriming {
    private static final String SAMPLE = "{\"node\":\"umea\",\"mainGoal\":\"learning\",\"purpose\":\"Priming\","
            + "\"focusAreas\":[\"energy\"],\"preferredDates\":[{\"from\":\"%1$s\",\"to\":\"%1$s\"}],"
            + "\"expectedParticipants\":1,\"contact\":{\"name\":\"Priming\",\"email\":\"priming@example.org\"},"
            + "\"acceptsCosts\":true,\"consent\":true}";

    private SnapStartPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String tableName) {
        return new Priming("submit-booking")
                .step("dry-run", () -> {
                    LocalDate day = LocalDate.now().plusDays(30);
                    BookingRequestParser.parse(Json.parse(String.format(SAMPLE, day)), LocalDate.now());
                })
                .readTable(dynamoDb, tableName);
    }

    /** Registers the priming; outside SnapStart (or CRaC) nothing ever calls it. */
    static void register(DynamoDbClient dynamoDb, String tableName) {
        of(dynamoDb, tableName).register();
    }
}
