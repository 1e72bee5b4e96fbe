package se.smartcitysweden.booking.mailevents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.testing.StandardOutput;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming of the mail-events function against the local AWS: it reads, it never writes or sends. */
class MailEventsPrimingIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: the checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's clients, under its role: what priming runs with. */
    private static final LocalAwsClients FUNCTION = AWS.clientsOf("MailEventsFunction");
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final LinkSigner SIGNER = new LinkSigner("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> ENV = Map.of("TABLE_NAME", TABLE, "PUBLIC_BASE_URL", "http://localhost:3000",
            "SENDER_ADDRESS", AWS.template().parameter("SenderAddress"),
            "COORDINATOR_DIRECTORY", AWS.template().parameter("CoordinatorDirectory"));

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    @Test
    void primingRunsEveryStepAndWritesNothingAndSendsNoMail() {
        int failed = MailEventsHandler.priming(ENV, FUNCTION.dynamoDb(), FUNCTION::ses, SIGNER).run();

        assertEquals(0, failed, "every step, the reads included, succeeds against the local AWS");
        assertEquals(0, DYNAMO_DB.scan(r -> r.tableName(TABLE)).count(), "no item written");
        assertEquals(0, new LocalMailbox(AWS.moto().endpoint()).messages().size(), "no mail sent");
    }

    @Test
    void primingLogsAndGoesOnWhenTheEndpointIsDown() throws Exception {
        // The function's clients, at an endpoint nothing answers.
        LocalAwsClients down = new LocalAwsClients(LocalAwsClients.unreachable().endpoint(), FUNCTION.credentials());
        StandardOutput.Captured<Integer> run = StandardOutput.capture(
                () -> MailEventsHandler.priming(ENV, down.dynamoDb(), down::ses, SIGNER).run());

        assertEquals(2, run.value(), "the two reads fail, the dry run does not");
        assertEquals(List.of("dynamodb-read", "ses-read"), run.output().events("priming.step_failed").stream()
                .map(line -> line.get("step").asText()).toList());
    }
}
