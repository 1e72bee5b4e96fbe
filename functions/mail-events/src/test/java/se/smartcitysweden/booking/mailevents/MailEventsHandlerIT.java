package se.smartcitysweden.booking.mailevents;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.delivery.MailDeliveryService;
import se.smartcitysweden.booking.aws.DynamoDbMailLog;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.StandardOutput;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** SES's bounce and complaint events, as EventBridge delivers them, against the local DynamoDB and SES. */
class MailEventsHandlerIT {
    private static final LocalAws AWS = LocalAws.shared();
    private static final String FUNCTION = "MailEventsFunction";
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's own client, under its role. */
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = AWS.clientsOf(FUNCTION).dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final CoordinatorDirectory DIRECTORY =
            CoordinatorDirectory.parse(AWS.template().parameter("CoordinatorDirectory"));

    private static final FaultInjectingProxy SES_PROXY = new FaultInjectingProxy(AWS.moto().endpoint());
    private static final software.amazon.awssdk.services.sesv2.SesV2Client SES =
            SesMailSender.clientBuilder(SesMailSender.Budget.BACKGROUND).credentialsProvider(AWS.credentialsOf(FUNCTION))
                    .endpointOverride(SES_PROXY.endpoint()).build();

    private final LocalMailbox mailbox = new LocalMailbox(AWS.moto().endpoint());
    /** The administrator's view of the stored cases (checks). */
    private DynamoDbBookingCaseRepository cases;
    private MailEventsHandler handler;

    @BeforeEach
    void freshAws() {
        AWS.reset();
        SES_PROXY.clear();
        cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
        DynamoDbBookingCaseRepository functionCases = new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE);
        LinkSigner signer = new LinkSigner("mail-events-test-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8));
        CaseMails mails = new CaseMails(new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress")), DIRECTORY,
                new BookingLinks("http://localhost:3000", signer), Language.EN);
        handler = new MailEventsHandler(new MailDeliveryService(functionCases, new FollowUpPlan(WorkingDays.sweden()), mails,
                new SesMailSender(SES, AWS.physicalName("MailConfigurationSet"))));
    }

    @Test
    void aBounceOfTheVisitorsAddressMarksTheBookingAndTellsTheNodeOnceEvenWhenDeliveredTwice() throws Exception {
        Booking booking = stored("umea");
        String event = sample("ses-bounce.json", booking.id(), booking.request().contact().email(), "bounce-1");

        assertEquals("{\"result\":\"booking_marked\"}", handle(event));
        assertEquals("{\"result\":\"already_handled\"}", handle(event));

        BookingCase marked = cases.load(booking.id()).orElseThrow();
        List<String> lines = marked.workflow().history().stream()
                .filter(h -> h.action().equals(MailDeliveryService.HISTORY_ACTION)).map(h -> h.detail()).toList();
        assertEquals(List.of("bounce bounce-1"), lines);
        List<SentMail> sent = mailbox.messages();
        assertEquals(1, sent.size(), "the node is told once");
        SentMail told = sent.get(0);
        assertEquals(addresses(DIRECTORY.coordinators(booking.node())), told.to());
        assertTrue(told.subject().contains(booking.reference()), told.subject());
        assertTrue(told.text().contains("bounced"), told.text());
        assertTrue(told.replyTo().get(0).contains(booking.request().contact().email()), "the coordinators reply to the visitor");
    }

    @Test
    void everyLineOfAnInvocationCarriesItsRequestTraceAndBookingId() throws Exception {
        Booking booking = stored("umea");
        String event = sample("ses-bounce.json", booking.id(), booking.request().contact().email(), "bounce-ids");
        String requestId = InvocationLogs.requestId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        StandardOutput.Captured<Object> run = InvocationLogs.invoke(() -> {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, InvocationLogs.context(requestId));
            return null;
        });

        assertEquals("{\"result\":\"booking_marked\"}", out.toString(StandardCharsets.UTF_8));
        for (com.fasterxml.jackson.databind.JsonNode line : InvocationLogs.assertEveryLineCarries(run.output(), requestId)) {
            assertEquals(booking.id(), line.path("bookingId").asText(), line.toString());
        }
        assertFalse(String.join("\n", run.output().lines()).contains(booking.request().contact().email()), "no address");

        String refused = InvocationLogs.requestId();
        StandardOutput.Captured<Object> bad = InvocationLogs.invoke(() -> assertThrows(IllegalArgumentException.class,
                () -> handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out,
                        InvocationLogs.context(refused))));
        for (com.fasterxml.jackson.databind.JsonNode line : InvocationLogs.assertEveryLineCarries(bad.output(), refused)) {
            assertFalse(line.has("bookingId"), "the last invocation's booking is not carried over: " + line);
        }
    }

    @Test
    void whenSesThrottlesTheNoticeTheEventFailsAndItsRedeliverySendsItOnceWithoutMarkingTwice() throws Exception {
        Booking booking = stored("umea");
        String event = sample("ses-bounce.json", booking.id(), booking.request().contact().email(), "bounce-9");
        SES_PROXY.add(FaultInjectingProxy.Fault.of(FaultInjectingProxy.sesSendEmail(null), 429, "TooManyRequestsException", -1));

        assertThrows(IllegalStateException.class, () -> handle(event), "Lambda must deliver it again");
        assertTrue(mailbox.messages().isEmpty());

        SES_PROXY.clear();
        assertEquals("{\"result\":\"booking_marked\"}", handle(event));
        assertEquals(1, mailbox.messages().size());
        assertEquals(1, cases.load(booking.id()).orElseThrow().workflow().history().stream()
                .filter(h -> h.action().equals(MailDeliveryService.HISTORY_ACTION)).count());
    }

    @Test
    void everyReportOfABookingsMailShowsInItsMailLogOnceAndADeliveryChangesNothingElse() throws Exception {
        Booking booking = stored("umea");
        DynamoDbMailLog log = new DynamoDbMailLog(FUNCTION_DYNAMO_DB, TABLE);
        String visitor = booking.request().contact().email();
        String coordinator = DIRECTORY.coordinators(booking.node()).get(0).address();
        log.sent(booking.id(), new MailLog.Sent("delivered-1", "visitor", Instant.now(), List.of(visitor), Set.of()));
        log.sent(booking.id(), new MailLog.Sent("bounce-c", "coordinator", Instant.now(), List.of(coordinator), Set.of()));
        handler = new MailEventsHandler(new MailDeliveryService(new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE),
                new FollowUpPlan(WorkingDays.sweden()), new CaseMails(new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress")),
                DIRECTORY, new BookingLinks("http://localhost:3000", new LinkSigner("mail-events-test-secret-of-32-bytes-or-more"
                        .getBytes(StandardCharsets.UTF_8))), Language.EN),
                new SesMailSender(SES, AWS.physicalName("MailConfigurationSet")), log));
        ObjectNode delivery = (ObjectNode) Json.parse(Files.readString(SampleEvents.folder().resolve("eventbridge").resolve("ses-delivery.json")));
        ((ObjectNode) delivery.path("detail").path("mail")).put("messageId", "delivered-1");
        ((ObjectNode) delivery.path("detail").path("mail").path("tags")).putArray("bookingId").add(booking.id());

        assertEquals("{\"result\":\"ignored\"}", handle(delivery.toString()));
        assertEquals("{\"result\":\"ignored\"}", handle(delivery.toString()));
        assertEquals("{\"result\":\"operators_told\"}", handle(sample("ses-bounce.json", booking.id(), coordinator, "bounce-c")));

        assertEquals(List.of(Set.of("delivered"), Set.of("bounce:" + coordinator)),
                log.of(booking.id()).stream().map(MailLog.Sent::reports).toList());
        assertEquals(0, cases.load(booking.id()).orElseThrow().workflow().history().size(), "a delivery is no history line");
        assertTrue(mailbox.messages().isEmpty());
    }

    @Test
    void aComplaintMarksTheBookingAndTellsTheNode() throws Exception {
        Booking booking = stored("malmo");
        handle(sample("ses-complaint.json", booking.id(), booking.request().contact().email().toUpperCase(), "complaint-1"));

        assertTrue(cases.load(booking.id()).orElseThrow().workflow().history().stream()
                .anyMatch(h -> h.detail().equals("complaint complaint-1")));
        SentMail told = mailbox.messages().get(0);
        assertEquals(addresses(DIRECTORY.coordinators(booking.node())), told.to());
        assertTrue(told.text().contains("spam"), told.text());
    }

    @Test
    void aCoordinatorsBrokenAddressTellsTheOperatorsNotTheBooking() throws Exception {
        Booking booking = stored("umea");
        String coordinator = DIRECTORY.coordinators(booking.node()).get(0).address();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals("{\"result\":\"operators_told\"}", handle(sample("ses-bounce.json", booking.id(), coordinator, "bounce-2")));
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("\"MailUnreachable\":1"), output);
        assertFalse(output.contains(coordinator), "no address in the logs: " + output);
        assertTrue(mailbox.messages().isEmpty());
        assertTrue(cases.load(booking.id()).orElseThrow().workflow().history().stream()
                .noneMatch(h -> h.action().equals(MailDeliveryService.HISTORY_ACTION)));
    }

    @Test
    void aTransientBounceChangesNothing() throws Exception {
        Booking booking = stored("umea");
        ObjectNode event = (ObjectNode) Json.parse(sample("ses-bounce.json", booking.id(), booking.request().contact().email(), "b3"));
        ((ObjectNode) event.path("detail").path("bounce")).put("bounceType", "Transient");
        assertEquals("{\"result\":\"ignored\"}", handle(event.toString()));
        assertTrue(mailbox.messages().isEmpty());
        assertEquals(0, cases.load(booking.id()).orElseThrow().workflow().history().size());
    }

    @Test
    void anEventThatIsNotAnSesBounceFailsTheInvocationSoItIsParked() throws Exception {
        Booking booking = stored("umea");
        ObjectNode wrongSource = (ObjectNode) Json.parse(sample("ses-bounce.json", booking.id(), "x@example.com", "b4"));
        wrongSource.put("source", "aws.s3");
        ObjectNode noRecipients = (ObjectNode) Json.parse(sample("ses-bounce.json", booking.id(), "x@example.com", "b5"));
        ((ObjectNode) noRecipients.path("detail").path("bounce")).putArray("bouncedRecipients");
        for (String bad : List.of("not json", "{}", wrongSource.toString(), noRecipients.toString())) {
            assertThrows(IllegalArgumentException.class, () -> handle(bad), bad);
        }
        assertTrue(mailbox.messages().isEmpty());
    }

    @Test
    void theFunctionsRoleIsRefusedWhatItsTemplatePolicyDoesNotAllowAndTheAdministratorIsNot() {
        // MailEventsFunction's policy has no dynamodb:Query and no secretsmanager:CreateSecret: the
        // local emulator refuses both to the function's role, as IAM would, and lets the administrator.
        Booking booking = stored("umea");
        QueryRequest query = QueryRequest.builder().tableName(TABLE).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(BookingTable.bookingKey(booking.id())))).build();
        DynamoDbException refusedQuery = assertThrows(DynamoDbException.class, () -> FUNCTION_DYNAMO_DB.query(query));
        assertAccessDenied(refusedQuery, "dynamodb:Query");
        assertEquals(1, DYNAMO_DB.query(query).count(), "the administrator may query");

        String secret = "mail-events-may-not-create-" + UUID.randomUUID();
        try (SecretsManagerClient asFunction = AWS.clientsOf(FUNCTION).secretsManager();
                SecretsManagerClient asAdministrator = AWS.clients().secretsManager()) {
            SecretsManagerException refusedSecret = assertThrows(SecretsManagerException.class,
                    () -> asFunction.createSecret(r -> r.name(secret).secretString("x")));
            assertAccessDenied(refusedSecret, "secretsmanager:CreateSecret");
            assertEquals(secret, asAdministrator.createSecret(r -> r.name(secret).secretString("x")).name());
        }
    }

    /**
     * moto answers a refused call with IAM's XML error whatever the service's protocol, so the SDK
     * finds no error code in it (JSON services): the status and the body say what was refused.
     */
    private static void assertAccessDenied(AwsServiceException refused, String action) {
        String body = refused.awsErrorDetails().rawResponse().asUtf8String();
        assertEquals(403, refused.statusCode(), refused + ": " + body);
        assertTrue(body.contains("<Code>AccessDenied</Code>"), body);
        assertTrue(body.contains("assumed-role/" + LocalAws.STACK_NAME + "-" + FUNCTION + "/") && body.contains("not authorized to perform: " + action), body);
    }

    private String handle(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The sample event in events/eventbridge with this booking, recipient and message id. */
    private static String sample(String file, String bookingId, String recipient, String messageId) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(Files.readString(SampleEvents.folder().resolve("eventbridge").resolve(file)));
        ObjectNode mail = (ObjectNode) event.path("detail").path("mail");
        mail.put("messageId", messageId);
        ((ObjectNode) mail.path("tags")).putArray("bookingId").add(bookingId);
        String part = event.path("detail").has("bounce") ? "bounce" : "complaint";
        String list = part.equals("bounce") ? "bouncedRecipients" : "complainedRecipients";
        ArrayNode recipients = ((ObjectNode) event.path("detail").path(part)).putArray(list);
        recipients.addObject().put("emailAddress", recipient);
        return event.toString();
    }

    private static Booking stored(String node) {
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Stockholm"));
        BookingRequest request = BookingRequestParser.parse(BookingJson.valid(day).put("node", node), day).request().orElseThrow();
        Booking booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new Random()).next(request.node()),
                BookingStatus.SUBMITTED, Instant.now(), request);
        new DynamoDbBookingRepository(DYNAMO_DB, TABLE).create(booking, Optional.empty());
        return booking;
    }

    private static List<String> addresses(List<Mailbox> mailboxes) {
        return mailboxes.stream().map(Mailbox::address).toList();
    }
}
