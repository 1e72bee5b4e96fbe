package se.smartcitysweden.booking.submit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Before SnapStart takes its snapshot, runs the code a first request needs (validation, Jackson,
 * the DynamoDB client's first call with its signing, TLS and HTTP set-up, and a transaction as a
 * booking's) so the restored function starts warm. The read is of a key that does not exist and the
 * transaction only checks that it does not: nothing changes.
 */
final class SnapStartPriming {
    private static final String SAMPLE = "{\"node\":\"umea\",\"mainGoal\":\"learning\",\"purpose\":\"Priming\","
            + "\"focusAreas\":[\"energy\"],\"preferredDates\":[{\"from\":\"%1$s\",\"to\":\"%1$s\"}],"
            + "\"expectedParticipants\":1,\"contact\":{\"name\":\"Priming\",\"email\":\"priming@example.org\"},"
            + "\"acceptsCosts\":true,\"consent\":true}";

    /** Shaped as events/apigw/submit-booking-valid.json; its body lacks consent, so it is refused and nothing is stored. */
    private static final String REFUSED_EVENT = "{\"version\":\"2.0\",\"routeKey\":\"POST /bookings\",\"rawPath\":\"/bookings\","
            + "\"headers\":{\"content-type\":\"application/json\",\"accept\":\"application/json\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/bookings\"}},\"body\":%s,\"isBase64Encoded\":false}";

    private SnapStartPriming() { }

    static Priming of(HandlerPath handler, DynamoDbClient dynamoDb, String tableName) {
        return new Priming("submit-booking")
                .step("dry-run", () -> {
                    LocalDate day = LocalDate.now().plusDays(30);
                    String body = String.format(SAMPLE, day);
                    BookingRequestParser.parse(Json.parse(body), LocalDate.now());
                    if (handler != null) {
                        // The whole answer path (event in, a 400 out) with the function's own streams.
                        ByteArrayOutputStream answer = new ByteArrayOutputStream();
                        String refused = body.replace("\"consent\":true", "\"consent\":false");
                        handler.answer(new ByteArrayInputStream(String.format(REFUSED_EVENT, Json.MAPPER.writeValueAsString(refused))
                                .getBytes(StandardCharsets.UTF_8)), answer);
                        if (Json.parse(answer.toString(StandardCharsets.UTF_8)).path("statusCode").asInt() != 400) {
                            throw new IllegalStateException("the request without consent was not refused");
                        }
                    }
                })
                .readTable(dynamoDb, tableName)
                .writesAnsweredLocally(tableName)
                .transactTable(dynamoDb, tableName);
    }

    /** The handler's stream entry, as priming calls it. */
    interface HandlerPath {
        void answer(InputStream event, OutputStream answer) throws Exception;
    }
}
