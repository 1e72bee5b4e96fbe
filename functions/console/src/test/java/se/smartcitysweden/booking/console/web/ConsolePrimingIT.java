package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.BuiltOnFirstUse;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.testing.ApiContract;
import se.smartcitysweden.booking.testing.StandardOutput;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** SnapStart priming of the console against the local AWS: it reads, it never writes or sends. */
class ConsolePrimingIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: the checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's clients, under ConsoleFunction's role: what the handler and its priming run with. */
    private static final LocalAwsClients FUNCTION = AWS.clientsOf("ConsoleFunction");
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = FUNCTION.dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> ENV = Map.of("TABLE_NAME", TABLE, "OVERVIEW_TABLE_NAME", AWS.physicalName("OverviewTable"), "PUBLIC_BASE_URL", "http://localhost:3000",
            "SENDER_ADDRESS", AWS.template().parameter("SenderAddress"),
            "COORDINATOR_DIRECTORY", AWS.template().parameter("CoordinatorDirectory"));

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    @Test
    void primingRunsEveryStepAndWritesNothingAndSendsNoMail() {
        int failed = new ConsoleHandler(ENV, FUNCTION_DYNAMO_DB, FUNCTION::ses, SECRET).priming().run();

        assertEquals(0, failed, "every step, the reads included, succeeds against the local AWS");
        assertEquals(0, DYNAMO_DB.scan(r -> r.tableName(TABLE)).count(), "no item written");
        assertEquals(0, new LocalMailbox(AWS.moto().endpoint()).messages().size(), "no mail sent");
    }

    @Test
    void theSignInPageLeavesTheSesClientUnbuiltAndPrimingBuildsIt() {
        BuiltOnFirstUse<SesV2Client> ses = BuiltOnFirstUse.of(FUNCTION::ses);
        ConsoleHandler handler = new ConsoleHandler(ENV, FUNCTION_DYNAMO_DB, ses, SECRET);

        var signIn = ConsolePriming.signInPage();
        assertEquals(200, ApiContract.checked(signIn, handler.handleRequest(signIn, null)).getStatusCode());
        assertFalse(ses.isBuilt(), "a page sends no mail, so it does not build the SES client");
        assertEquals(0, handler.priming().run());
        assertTrue(ses.isBuilt(), "priming builds it, so SnapStart's snapshot holds it");
    }

    @Test
    void primingLogsAndGoesOnWhenTheEndpointIsDown() throws Exception {
        // The function's clients, at an endpoint nothing answers.
        LocalAwsClients down = new LocalAwsClients(LocalAwsClients.unreachable().endpoint(), FUNCTION.credentials());
        StandardOutput.Captured<Integer> run = StandardOutput.capture(
                () -> new ConsoleHandler(ENV, down.dynamoDb(), down::ses, SECRET).priming().run());

        assertEquals(2, run.value(), "the two reads fail, the dry run does not");
        assertEquals(List.of("dynamodb-read", "ses-read"), run.output().events("priming.step_failed").stream()
                .map(line -> line.get("step").asText()).toList());
    }
}
