package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.time.Instant;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.BuiltOnFirstUse;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.testing.ApiContract;
import se.smartcitysweden.booking.testing.StandardOutput;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** SnapStart priming of the manage function against the local AWS: it reads, it never writes or sends. */
class ManagePrimingIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: the checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's clients, under ManageBookingFunction's role: what the handler and its priming run with. */
    private static final LocalAwsClients FUNCTION = AWS.clientsOf("ManageBookingFunction");
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = FUNCTION.dynamoDb();
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
    void primingRunsEveryStepAndWritesNothingAndSendsNoMail() throws Exception {
        StandardOutput.Captured<Integer> run = StandardOutput.capture(
                () -> new ManageBookingHandler(ENV, SIGNER, FUNCTION_DYNAMO_DB, FUNCTION::ses).priming().run());

        assertEquals(0, run.value(), "every step, the reads and the rehearsed pages of a found booking included, succeeds");
        assertEquals(List.of("priming.done"), run.output().json().stream().map(line -> line.path("event").asText("metric"))
                .filter(event -> !event.startsWith("manage.")).toList(),
                "the rehearsed pages log and count nothing (the page of the missing booking logs as a real request does)");
        assertEquals(0, DYNAMO_DB.scan(r -> r.tableName(TABLE)).count(), "no item written");
        assertEquals(0, new LocalMailbox(AWS.moto().endpoint()).messages().size(), "no mail sent");
    }

    @Test
    void aPageViewLeavesTheSesClientUnbuiltAndPrimingBuildsIt() {
        BuiltOnFirstUse<SesV2Client> ses = BuiltOnFirstUse.of(FUNCTION::ses);
        ManageBookingHandler handler = new ManageBookingHandler(ENV, SIGNER, FUNCTION_DYNAMO_DB, ses);
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, ManagePriming.MISSING_BOOKING,
                Node.values()[0], Instant.now().plus(Duration.ofHours(1))));

        APIGatewayV2HTTPEvent event = ManagePriming.managePage(token);
        APIGatewayV2HTTPResponse page = ApiContract.checked(event, handler.handleRequest(event, null));

        assertEquals(404, page.getStatusCode(), "the page of a booking that is not there");
        assertFalse(ses.isBuilt(), "a page sends no mail, so it does not build the SES client");
        assertEquals(0, handler.priming().run());
        assertTrue(ses.isBuilt(), "priming builds it, so SnapStart's snapshot holds it");
    }

    @Test
    void primingLogsAndGoesOnWhenTheEndpointIsDown() throws Exception {
        // The function's clients, at an endpoint nothing answers.
        LocalAwsClients down = new LocalAwsClients(LocalAwsClients.unreachable().endpoint(), FUNCTION.credentials());
        StandardOutput.Captured<Integer> run = StandardOutput.capture(
                () -> new ManageBookingHandler(ENV, SIGNER, down.dynamoDb(), down::ses).priming().run());

        assertEquals(3, run.value(), "the page (its read answered 503), then the two reads");
        assertEquals(List.of("dry-run", "dynamodb-read", "ses-read"), run.output().events("priming.step_failed").stream()
                .map(line -> line.get("step").asText()).toList());
    }
}
