package se.smartcitysweden.booking.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.BuiltOnFirstUse;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * A function's SnapStart priming against the local AWS, the checks every function's
 * {@code *PrimingIT} makes: run with the function's own role it fails no step, writes to no table
 * and sends no mail; with every client at an endpoint nothing answers it logs the steps that
 * failed and goes on. A subclass says how its function builds its priming and which steps need
 * the endpoint; what else it checks stays in it.
 */
public abstract class PrimingAgainstLocalAws {
    protected static final LocalAws AWS = LocalAws.shared();
    protected static final String TABLE = AWS.physicalName("BookingTable");
    protected static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    protected static final LinkSigner SIGNER = new LinkSigner(SECRET);
    /** The settings the functions read from their environment, as the template gives them. */
    protected static final Map<String, String> ENV = Map.of("TABLE_NAME", TABLE, "PUBLIC_BASE_URL", "http://localhost:3000",
            "SENDER_ADDRESS", AWS.template().parameter("SenderAddress"),
            "COORDINATOR_DIRECTORY", AWS.template().parameter("CoordinatorDirectory"));
    /** The administrator's client: the checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();

    private final String function;

    /** @param function the template's logical id of the function, whose role priming runs under */
    protected PrimingAgainstLocalAws(String function) {
        this.function = function;
    }

    /** The function's priming, built as the function builds it, with {@code clients} as its AWS clients. */
    protected abstract Priming priming(LocalAwsClients clients);

    /** The steps that fail, in their order, when nothing answers at the endpoint, and why those. */
    protected abstract WhenDown whenTheEndpointIsDown();

    public record WhenDown(String why, List<String> failedSteps) {
        public WhenDown(String why, String... failedSteps) {
            this(why, List.of(failedSteps));
        }
    }

    /** What the run with the local AWS logged, for a subclass to check (nothing by default). */
    protected void checkTheLog(StandardOutput output) { }

    /** The function's clients, under its role: what priming runs with. */
    protected final LocalAwsClients function() {
        return AWS.clientsOf(function);
    }

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    @Test
    void primingRunsEveryStepAndWritesNothingAndSendsNoMail() throws Exception {
        LocalAwsClients clients = function();
        StandardOutput.Captured<Integer> run = StandardOutput.capture(() -> priming(clients).run());

        assertEquals(0, run.value(), "every step, the reads included, succeeds against the local AWS: " + run.output().lines());
        checkTheLog(run.output());
        for (String table : AWS.template().resourcesOfType("AWS::DynamoDB::Table")) {
            assertEquals(0, DYNAMO_DB.scan(r -> r.tableName(AWS.physicalName(table))).count(), "no item written to " + table);
        }
        assertEquals(0, new LocalMailbox(AWS.moto().endpoint()).messages().size(), "no mail sent");
    }

    @Test
    void primingLogsAndGoesOnWhenTheEndpointIsDown() throws Exception {
        // The function's clients, at an endpoint nothing answers; they give up at once (no retries).
        LocalAwsClients down = LocalAwsClients.unreachable(function().credentials());
        WhenDown expected = whenTheEndpointIsDown();
        StandardOutput.Captured<Integer> run = StandardOutput.capture(() -> priming(down).run());

        assertEquals(expected.failedSteps().size(), run.value(), expected.why());
        assertEquals(expected.failedSteps(), run.output().events("priming.step_failed").stream()
                .map(line -> line.get("step").asText()).toList());
    }

    /** An HTTP function as these checks drive it: its answer to an event, and its priming. */
    public record HttpFunction(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> answer, Supplier<Priming> priming) { }

    /**
     * A page sends no mail, so answering {@code page} (checked against the API contract, with
     * {@code status}: {@code what}) leaves the SES client unbuilt; priming builds it, so SnapStart's
     * snapshot holds it.
     */
    protected final void assertAPageLeavesTheSesClientUnbuiltAndPrimingBuildsIt(APIGatewayV2HTTPEvent page, int status,
            String what, Function<Supplier<SesV2Client>, HttpFunction> withSes) {
        BuiltOnFirstUse<SesV2Client> ses = BuiltOnFirstUse.of(function()::ses);
        HttpFunction handler = withSes.apply(ses);

        assertEquals(status, ApiContract.checked(page, handler.answer().apply(page)).getStatusCode(), what);
        assertFalse(ses.isBuilt(), "a page sends no mail, so it does not build the SES client");
        assertEquals(0, handler.priming().get().run());
        assertTrue(ses.isBuilt(), "priming builds it, so SnapStart's snapshot holds it");
    }
}
