package se.smartcitysweden.booking.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbNotificationStore;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.lambda.StreamImages;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy.Fault;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.localaws.LocalStream;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.localaws.StreamRecordMapper;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.overview.NationalDigest;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.schedule.FollowUpService;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.StandardOutput;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The notify function fed with real stream records from the local DynamoDB, sending through the local SES. */
class NotifyCoordinatorHandlerIT {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    private static final LocalAws AWS = LocalAws.shared();
    private static final String FUNCTION = "NotifyCoordinatorFunction";
    /** The administrator's clients: fixtures, the stream, checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    private static final DynamoDbStreamsClient STREAMS = AWS.clients().dynamoDbStreams();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final FaultInjectingProxy SES_PROXY = new FaultInjectingProxy(AWS.moto().endpoint());
    /** The functions' own SES client (timeouts, retries), pointed at the proxy in front of the local SES, as NotifyCoordinatorFunction. */
    private static final SesV2Client SES = SesMailSender.clientBuilder(SesMailSender.Budget.BACKGROUND).endpointOverride(SES_PROXY.endpoint())
            .region(software.amazon.awssdk.regions.Region.EU_NORTH_1)
            .credentialsProvider(AWS.credentialsOf(FUNCTION)).build();
    /** The same, as FollowUpFunction: its urgent run (the notification safety net) sends with it. */
    private static final SesV2Client FOLLOW_UP_SES = SesMailSender.clientBuilder(SesMailSender.Budget.BACKGROUND)
            .endpointOverride(SES_PROXY.endpoint()).region(software.amazon.awssdk.regions.Region.EU_NORTH_1)
            .credentialsProvider(AWS.credentialsOf("FollowUpFunction")).build();
    private static final DynamoDbClient FOLLOW_UP_DYNAMO_DB = AWS.clientsOf("FollowUpFunction").dynamoDb();
    /** The notification store's DynamoDB (NotifyCoordinatorFunction's role) goes through a proxy too, to make its writes fail. */
    private static final FaultInjectingProxy DYNAMO_DB_PROXY = new FaultInjectingProxy(AWS.moto().endpoint());
    private static final DynamoDbClient STORE_DYNAMO_DB = DynamoDbClient.builder().endpointOverride(DYNAMO_DB_PROXY.endpoint())
            .region(software.amazon.awssdk.regions.Region.EU_NORTH_1)
            .credentialsProvider(AWS.credentialsOf(FUNCTION))
            .httpClient(UrlConnectionHttpClient.create()).build();
    private static final CoordinatorDirectory DIRECTORY =
            CoordinatorDirectory.parse(AWS.template().parameter("CoordinatorDirectory"));
    private static final LinkSigner SIGNER = new LinkSigner("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));

    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    private final LocalMailbox mailbox = new LocalMailbox(AWS.moto().endpoint());
    private final ReferenceGenerator references = new ReferenceGenerator(new Random());
    private NotifyCoordinatorHandler handler;
    private LocalStream stream;

    @BeforeEach
    void freshAws() {
        AWS.reset();
        SES_PROXY.clear();
        DYNAMO_DB_PROXY.clear();
        stream = new LocalStream(DYNAMO_DB, STREAMS, TABLE);
        handler = new NotifyCoordinatorHandler(new NotificationService(new DynamoDbNotificationStore(STORE_DYNAMO_DB, TABLE),
                new SesMailSender(SES, null), mails(), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterAll
    static void close() {
        SES_PROXY.close();
        DYNAMO_DB_PROXY.close();
    }

    private static BookingMails mails() {
        return new BookingMails(new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress")),
                DIRECTORY, new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
    }

    /** The follow-up's urgent run (the notification safety net) as the follow-up function builds it, under FollowUpFunction's role. */
    private static void safetyNetRunsAt(Instant at) {
        Mailbox sender = new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress"));
        CaseMails caseMails = new CaseMails(sender, DIRECTORY, new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
        DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(FOLLOW_UP_DYNAMO_DB, TABLE);
        SesMailSender mailSender = new SesMailSender(FOLLOW_UP_SES, null);
        WorkingDays workingDays = WorkingDays.sweden();
        new FollowUpService(cases, new FollowUpPlan(workingDays), workingDays, caseMails, mailSender,
                new NotificationService(new DynamoDbNotificationStore(FOLLOW_UP_DYNAMO_DB, TABLE), mailSender, mails(),
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                new MailVisitorNotices(caseMails, mailSender), new NationalDigest(cases, caseMails))
                .run(at, FollowUpService.Scope.URGENT);
    }

    private static final String COORDINATOR = "umea@example.org";
    private static final String VISITOR = "ana.souza@example.org";

    private Booking store(ObjectNode body) {
        BookingRequest request = BookingRequestParser.parse(body, TODAY).request().orElseThrow();
        Booking booking = new Booking(java.util.UUID.randomUUID().toString(), references.next(request.node()),
                BookingStatus.SUBMITTED, NOW, request);
        bookings.create(booking, Optional.empty());
        return booking;
    }

    private DynamodbEvent newRecords() {
        return StreamRecordMapper.event(stream.readNew(), stream.streamArn(), "eu-north-1");
    }

    private Map<String, AttributeValue> item(Booking booking) {
        return DYNAMO_DB.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("BOOKING#" + booking.id())))
                .consistentRead(true)).item();
    }

    private List<SentMail> mailTo(String address) {
        return mailbox.messages().stream().filter(m -> m.recipients().stream().anyMatch(r -> r.contains(address))).toList();
    }

    @Test
    void givenANewBooking_whenItsRecordArrives_thenTheCoordinatorAndTheVisitorGetTheirMails() {
        ObjectNode body = BookingJson.valid(TODAY);
        body.put("purpose", "<script>alert('x')</script> Besök på Ålidhem & Öst");
        body.putObject("organiser").put("name", "Åke Agent").put("email", "agent@tours.example");
        Booking booking = store(body);

        StreamsEventResponse response = handler.handleRequest(newRecords(), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<SentMail> sent = mailbox.messages();
        assertEquals(2, sent.size());
        SentMail coordinator = mailTo("umea@example.org").get(0);
        assertEquals(List.of("umea@example.org"), coordinator.to());
        assertEquals(List.of("national-office@example.org"), coordinator.cc());
        assertEquals(List.of("Ana Souza <ana.souza@example.org>"), coordinator.replyTo());
        assertEquals("Ny besöksförfrågan " + booking.reference() + ": Ana Souza, City of Porto, 12 deltagare",
                coordinator.subject());
        assertTrue(coordinator.html().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Besök på Ålidhem &amp; Öst"),
                coordinator.html());
        assertFalse(coordinator.html().contains("<script>"));
        assertTrue(coordinator.text().contains("<script>alert('x')</script> Besök på Ålidhem & Öst"), "text is not escaped");
        assertTrue(coordinator.html().contains("Energi, Stadsplanering"), "focus areas in words");
        assertTrue(coordinator.text().contains("http://localhost:3000/bookings/" + booking.id() + "/manage?token="));
        assertTrue(coordinator.html().contains("href=\"http://localhost:3000/bookings/" + booking.id() + "/manage?token"));
        assertTrue(coordinator.text().contains("Ana Souza, City of Porto, Planner, ana.souza@example.org, Portugal"));

        SentMail visitor = mailTo("ana.souza@example.org").get(0);
        assertEquals(List.of("Ana Souza <ana.souza@example.org>"), visitor.to());
        assertEquals(1, visitor.cc().size());
        assertTrue(visitor.cc().get(0).contains("Åke Agent") && visitor.cc().get(0).endsWith("<agent@tours.example>"));
        assertEquals(List.of("umea@example.org"), visitor.replyTo());
        assertEquals("We have received your visit request " + booking.reference(), visitor.subject());
        assertTrue(visitor.text().contains("visitors pay all costs"), visitor.text());
        assertTrue(visitor.html().contains("Your reference: " + booking.reference()));

        Map<String, AttributeValue> item = item(booking);
        assertEquals("sent", item.get("coordinatorMail").s());
        assertEquals("sent", item.get("visitorMail").s());
        assertEquals("sent", item.get("notification").s());
    }

    @Test
    void givenANewBookingsRecordAsLambdaSendsIt_whenStreamedIn_thenBothMailsGoAndTheAnswerIsAnEmptyFailureList()
            throws Exception {
        Booking booking = store(BookingJson.valid(TODAY));
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers
                .serializerFor(DynamodbEvent.class, getClass().getClassLoader()).toJson(newRecords(), json);

        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(json.toByteArray()), answer, null);

        assertEquals("{\"batchItemFailures\":[]}", answer.toString(StandardCharsets.UTF_8));
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals(1, mailTo(VISITOR).size());
        assertEquals("sent", item(booking).get("notification").s());
    }

    @Test
    void givenASwedishBooking_whenNotified_thenTheVisitorIsAnsweredInSwedish() {
        Booking booking = store(BookingJson.valid(TODAY).put("language", "sv").put("node", "malmo"));
        handler.handleRequest(newRecords(), null);
        SentMail visitor = mailTo("ana.souza@example.org").get(0);
        assertEquals("Vi har tagit emot din besöksförfrågan " + booking.reference(), visitor.subject());
        assertTrue(visitor.text().startsWith("Hej Ana Souza,"), visitor.text());
        assertTrue(visitor.text().contains("besökare står för alla kostnader"), visitor.text());
        assertTrue(visitor.text().contains("koordinatorn i Malmö"), visitor.text());
    }

    @ParameterizedTest
    @EnumSource(Node.class)
    void givenABookingForANode_whenNotified_thenThatNodesCoordinatorGetsIt(Node node) {
        store(BookingJson.valid(TODAY).put("node", node.id()));
        handler.handleRequest(newRecords(), null);
        SentMail coordinator = mailbox.messages().stream().filter(m -> m.subject().startsWith("Ny besöksförfrågan"))
                .findFirst().orElseThrow();
        assertEquals(List.of(node.id() + "@example.org"), coordinator.to());
    }

    @Test
    void givenABatchReplayedThreeTimes_whenProcessed_thenEachMailIsSentOnce() {
        store(BookingJson.valid(TODAY));
        store(BookingJson.valid(TODAY).put("node", "goteborg"));
        DynamodbEvent batch = newRecords();
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        }
        assertEquals(4, mailbox.messages().size());
    }

    @Test
    void givenOneRecordFailing_whenProcessed_thenOnlyItIsReportedAndTheOthersAreNotResent() {
        store(BookingJson.valid(TODAY));
        ObjectNode failing = BookingJson.valid(TODAY).put("node", "malmo");
        ((ObjectNode) failing.get("contact")).put("email", "unlucky@example.org");
        Booking unlucky = store(failing);
        store(BookingJson.valid(TODAY).put("node", "borlange"));
        // Throttled (not sent, so safe to send again); a 5xx may have been sent and is left to the safety net.
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail("unlucky@example.org"), 429, "TooManyRequestsException", -1));
        DynamodbEvent batch = newRecords();
        String unluckySequence = batch.getRecords().stream()
                .filter(r -> r.getDynamodb().getNewImage() != null && r.getDynamodb().getNewImage().containsKey("id")
                        && r.getDynamodb().getNewImage().get("id").getS().equals(unlucky.id()))
                .findFirst().orElseThrow().getDynamodb().getSequenceNumber();

        StreamsEventResponse response = handler.handleRequest(batch, null);

        assertEquals(List.of(unluckySequence), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        int sentBefore = mailbox.messages().size();
        assertEquals(4, sentBefore, "both mails of the two others");
        assertEquals("pending", item(unlucky).get("coordinatorMail").s(), "the claim is given back for the retry");

        SES_PROXY.clear(); // SES recovers; Lambda retries the batch
        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        assertEquals(6, mailbox.messages().size(), "only the missing mail is sent");
        assertEquals("sent", item(unlucky).get("notification").s());
    }

    @Test
    void givenSesThrottlingBriefly_whenNotified_thenTheSdkRetriesAndEachMailIsSentOnce() {
        store(BookingJson.valid(TODAY));
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail(null), 429, "TooManyRequestsException", 2));
        assertEquals(List.of(), handler.handleRequest(newRecords(), null).getBatchItemFailures());
        assertEquals(2, mailbox.messages().size());
    }

    @Test
    void givenSesThrottlingLonger_whenNotified_thenTheRecordIsRetriedLaterAndSentOnce() {
        store(BookingJson.valid(TODAY));
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail(null), 429, "TooManyRequestsException", 10));
        DynamodbEvent batch = newRecords();
        assertEquals(1, handler.handleRequest(batch, null).getBatchItemFailures().size());
        assertEquals(0, mailbox.messages().size());
        SES_PROXY.clear();
        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        assertEquals(2, mailbox.messages().size());
    }

    @Test
    void givenAnUnreadableBookingFirstInTheBatch_whenNotified_thenItIsLoggedAndCountedAndDoesNotHoldUpTheRest() throws Exception {
        DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("BOOKING#poison"),
                "type", AttributeValue.fromS("booking"), "id", AttributeValue.fromS("poison"),
                "details", AttributeValue.fromS("{not json"))));
        Booking booking = store(BookingJson.valid(TODAY));
        DynamodbEvent batch = newRecords();

        StandardOutput.Captured<StreamsEventResponse> run = StandardOutput.capture(() -> handler.handleRequest(batch, null));

        // Reporting it would make Lambda retry it, and everything behind it, until the retries run out.
        assertEquals(List.of(), run.value().getBatchItemFailures());
        assertEquals(1, run.output().metric("UnreadableRecords").size(), run.output().lines().toString());
        assertEquals("BOOKING#poison", run.output().events("notification.unreadable_record").get(0).path("pk").asText());
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals("sent", item(booking).get("notification").s());
    }

    @Test
    void givenABatchOfSeveralBookings_whenNotified_thenEveryLineCarriesTheInvocationsIdsAndARecordsLinesOnlyItsOwnBooking() throws Exception {
        DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("BOOKING#poison"),
                "type", AttributeValue.fromS("booking"), "id", AttributeValue.fromS("poison"),
                "details", AttributeValue.fromS("{not json"))));
        Booking first = store(BookingJson.valid(TODAY));
        Booking second = store(BookingJson.valid(TODAY));
        AWS.clients().ses().deleteEmailIdentity(r -> r.emailIdentity(AWS.template().parameter("SenderDomain")));
        DynamodbEvent batch = newRecords();
        String requestId = InvocationLogs.requestId();

        StandardOutput.Captured<StreamsEventResponse> run = InvocationLogs.invoke(
                () -> handler.handleRequest(batch, InvocationLogs.context(requestId)));

        assertEquals(List.of(), run.value().getBatchItemFailures());
        InvocationLogs.assertEveryLineCarries(run.output(), requestId);
        assertEquals(java.util.Set.of(first.id(), second.id()), run.output().events("mail.rejected").stream()
                .map(line -> line.path("bookingId").asText()).collect(java.util.stream.Collectors.toSet()));
        for (com.fasterxml.jackson.databind.JsonNode rejected : run.output().metric("MailRejected")) {
            assertEquals(requestId, rejected.path("requestId").asText(), rejected.toString());
        }
        // Whichever record it follows, the unreadable one carries no booking of another record.
        assertFalse(run.output().events("notification.unreadable_record").get(0).has("bookingId"), run.output().lines().toString());
    }

    @Test
    void givenSesRejecting_whenNotified_thenTheBookingIsMarkedFailedCountedAndTheBatchGoesOn() throws Exception {
        Booking booking = store(BookingJson.valid(TODAY));
        // The local SES refuses senders whose identity is not verified, as SES does.
        AWS.clients().ses().deleteEmailIdentity(r -> r.emailIdentity(AWS.template().parameter("SenderDomain")));
        DynamodbEvent batch = newRecords();
        StandardOutput.Captured<StreamsEventResponse> run = StandardOutput.capture(() -> handler.handleRequest(batch, null));
        StreamsEventResponse response = run.value();
        assertEquals(List.of(), response.getBatchItemFailures());
        List<com.fasterxml.jackson.databind.JsonNode> rejected = run.output().metric("MailRejected");
        assertEquals(2, rejected.size(), run.output().lines().toString());
        assertEquals("MessageRejected", rejected.get(0).path("code").asText());
        assertEquals(List.of("coordinator", "visitor"), rejected.stream().map(m -> m.path("kind").asText()).toList());
        assertEquals(2, run.output().events("mail.rejected").size());
        assertFalse(String.join("\n", run.output().lines()).contains("@example.org"), "no address in the output");
        Map<String, AttributeValue> item = item(booking);
        assertEquals("failed", item.get("coordinatorMail").s());
        assertEquals("MessageRejected", item.get("coordinatorMailError").s());
        assertEquals("failed", item.get("notification").s());
        assertEquals(0, mailbox.messages().size());
    }

    @Test
    void givenRecordsThatAreNotNewBookings_whenProcessed_thenTheyAreIgnored() {
        Booking booking = store(BookingJson.valid(TODAY));
        handler.handleRequest(newRecords(), null); // notifies and writes MODIFY records
        DynamodbEvent others = newRecords();
        assertFalse(others.getRecords().isEmpty());
        assertTrue(others.getRecords().stream().noneMatch(r -> r.getEventName().equals("INSERT")));
        DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("REFERENCE#X"),
                "bookingId", AttributeValue.fromS(booking.id()))));
        List<com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord> all = new ArrayList<>(others.getRecords());
        all.addAll(newRecords().getRecords());
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(all);
        assertEquals(List.of(), handler.handleRequest(event, null).getBatchItemFailures());
        assertEquals(2, mailbox.messages().size());
    }

    @Test
    void givenTheSampleStreamEvent_whenProcessed_thenItIsReadLikeLambdaDeliversIt() {
        DynamodbEvent event = SampleEvents.dynamodb("new-booking.json");
        String id = event.getRecords().get(0).getDynamodb().getNewImage().get("id").getS();
        // the sample's booking must exist for its state to be recorded
        DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(StreamImages.toSdk(event.getRecords().get(0).getDynamodb().getNewImage())));
        assertEquals(List.of(), handler.handleRequest(event, null).getBatchItemFailures());
        assertEquals(2, mailbox.messages().size());
        assertEquals("sent", DYNAMO_DB.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("BOOKING#" + id)))).item().get("notification").s());
    }

    @Test
    void givenTheSampleOfRecordsThatAreNotNewBookings_whenProcessed_thenNothingIsSent() {
        DynamodbEvent event = SampleEvents.dynamodb("not-new-bookings.json");
        assertEquals(List.of("INSERT", "MODIFY"), event.getRecords().stream().map(r -> r.getEventName()).toList());
        assertEquals(List.of(), handler.handleRequest(event, null).getBatchItemFailures());
        assertEquals(0, mailbox.messages().size());
    }

    // ---- the safety net finds every mail not yet sent (issue 12.1) ----

    @Test
    void givenSesThrottledAndTheReleaseFailing_whenTheSafetyNetRunsPastTheStaleTime_thenTheCoordinatorMailArrivesOnce() {
        Booking booking = store(BookingJson.valid(TODAY));
        DynamodbEvent batch = newRecords();
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail(COORDINATOR), 429, "TooManyRequestsException", -1));
        // Giving the claim back fails: the coordinator mail stays "sending" with nobody sending it.
        DYNAMO_DB_PROXY.add(Fault.of((path, body) -> body.contains("SET #state = :pending"), 500,
                "InternalServerError", -1));
        assertEquals(1, handler.handleRequest(batch, null).getBatchItemFailures().size());
        assertEquals("sending", item(booking).get("coordinatorMail").s());

        SES_PROXY.clear();
        DYNAMO_DB_PROXY.clear();
        handler.handleRequest(batch, null); // Lambda retries the record: the claim is held, not done
        assertEquals(1, mailTo(VISITOR).size());
        assertEquals(0, mailTo(COORDINATOR).size());
        assertNotEquals("sent", item(booking).get("notification").s(), "a mail is still not sent");

        safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(10))); // due, but the claim is not stale yet
        assertEquals(0, mailTo(COORDINATOR).size());
        safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(20)));
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals(1, mailTo(VISITOR).size());
        assertEquals("sent", item(booking).get("notification").s());
        safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(40)));
        assertEquals(2, mailbox.messages().size(), "each mail exactly once");
    }

    // ---- a send that may have been accepted is not sent again blindly (issue 12.2) ----

    @Test
    void givenSesAnsweringAfterSevenSeconds_whenNotified_thenEachMailIsSentOnce() {
        store(BookingJson.valid(TODAY));
        SES_PROXY.add(FaultInjectingProxy.Fault.lateAnswer(FaultInjectingProxy.sesSendEmail(COORDINATOR),
                java.time.Duration.ofSeconds(7), 1));
        long start = System.nanoTime();
        assertEquals(List.of(), handler.handleRequest(newRecords(), null).getBatchItemFailures());
        assertTrue(System.nanoTime() - start >= 7_000_000_000L, "the slow answer was waited for");
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals(1, mailTo(VISITOR).size());
    }

    @Test
    void givenSesFailingWithA5xx_whenNotified_thenTheMailIsSentAgainOnlyAfterTheClaimIsStale() {
        Booking booking = store(BookingJson.valid(TODAY));
        DynamodbEvent batch = newRecords();
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail(COORDINATOR), 500, "InternalFailure", 1));
        // The SES may have sent it: not retried by the SDK nor by Lambda, left to the safety net.
        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        assertEquals(0, mailTo(COORDINATOR).size());
        assertEquals(1, mailTo(VISITOR).size());
        assertEquals("sending", item(booking).get("coordinatorMail").s());
        handler.handleRequest(batch, null);
        safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(14)));
        assertEquals(0, mailTo(COORDINATOR).size());
        safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(16)));
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals("sent", item(booking).get("notification").s());
    }

    // ---- SES refusing: counted; a paused account is no failure of the mail (issue 8.6) ----

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SendingPausedException", "AccountSuspendedException"})
    void givenSesSendingPaused_whenItRecovers_thenTheMailsArriveOnceAndThePauseIsCounted(String error) throws Exception {
        Booking booking = store(BookingJson.valid(TODAY));
        DynamodbEvent batch = newRecords();
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail(null), 400, error, -1));
        StandardOutput paused = StandardOutput.during(() -> {
            handler.handleRequest(batch, null);
            safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(15)));
        });
        assertEquals(0, mailbox.messages().size());
        assertNotEquals("failed", item(booking).get("coordinatorMail").s(), "not a failure of this mail");
        assertFalse(paused.metric("SesSendingPaused").isEmpty(), paused.lines().toString());
        assertEquals(error, paused.metric("SesSendingPaused").get(0).path("code").asText());
        assertTrue(paused.metric("MailRejected").isEmpty(), "a paused account rejects no mail");

        SES_PROXY.clear(); // the account is sending again
        StandardOutput recovered = StandardOutput.during(() -> {
            safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(30)));
            safetyNetRunsAt(NOW.plus(java.time.Duration.ofMinutes(45)));
            handler.handleRequest(batch, null);
        });
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals(1, mailTo(VISITOR).size());
        assertEquals("sent", item(booking).get("notification").s());
        assertEquals(List.of("coordinator", "visitor"),
                recovered.metric("MailSent").stream().map(m -> m.path("kind").asText()).toList());
        assertEquals(2, recovered.metric("Redrives").size(), "both sent by the safety net");
    }

    @Test
    void givenSesThrottling_whenTheMailIsDelayed_thenItIsCounted() throws Exception {
        store(BookingJson.valid(TODAY));
        DynamodbEvent batch = newRecords();
        SES_PROXY.add(Fault.of(FaultInjectingProxy.sesSendEmail(null), 429, "TooManyRequestsException", -1));
        StandardOutput output = StandardOutput.during(() -> handler.handleRequest(batch, null));
        assertEquals(1, output.metric("MailDelayed").size(), output.lines().toString());
        assertEquals("TooManyRequestsException", output.metric("MailDelayed").get(0).path("code").asText());
        SES_PROXY.clear();
        StandardOutput sent = StandardOutput.during(() -> handler.handleRequest(batch, null));
        assertEquals(2, sent.metric("MailSent").size());
        assertTrue(sent.metric("Redrives").isEmpty(), "sent by the stream's retry, not the safety net");
    }

    // ---- names cannot add recipients (issue 12.5) ----

    @Test
    void givenHostileNames_whenNotified_thenEveryMailGoesExactlyToItsAddresses() throws Exception {
        List<String> names = List.of("eve \"bcc: evil@evil.example\" <evil@evil.example>",
                "Mallory, <evil@evil.example>, \"x\"", "bcc: evil@evil.example", "=?UTF-8?B?ZXZpbEBldmlsLmV4YW1wbGU=?=",
                "Åsa \\\" Öberg (evil@evil.example) <", "a".repeat(60) + " \"" + "ö".repeat(110) + "\" <evil@evil.example>");
        for (String name : names) {
            AWS.reset();
            stream = new LocalStream(DYNAMO_DB, STREAMS, TABLE); // the reset made a new table and stream
            ObjectNode body = BookingJson.valid(TODAY);
            ((ObjectNode) body.get("contact")).put("name", name);
            body.putObject("organiser").put("name", name).put("email", "agent@tours.example");
            store(body);
            assertEquals(List.of(), handler.handleRequest(newRecords(), null).getBatchItemFailures(), name);
            List<SentMail> sent = mailbox.messages();
            assertEquals(2, sent.size(), name);
            SentMail coordinator = mailTo(COORDINATOR).get(0);
            SentMail visitor = mailTo(VISITOR).get(0);
            assertRecipients(coordinator, List.of(COORDINATOR, "national-office@example.org"), VISITOR, name);
            assertRecipients(visitor, List.of(VISITOR, "agent@tours.example"), COORDINATOR, name);
            // moto records the Destination given to SES, then what Python's (lenient) parser reads in To and Cc.
            assertEquals(List.of(List.of(COORDINATOR, "national-office@example.org", COORDINATOR, "national-office@example.org"),
                    List.of(VISITOR, "agent@tours.example", VISITOR, "agent@tours.example")), sesDestinations(), name);
        }
    }

    /** Every way a mail program could read the addresses gives exactly the expected ones. */
    private static void assertRecipients(SentMail mail, List<String> recipients, String replyTo, String name) throws Exception {
        jakarta.mail.internet.MimeMessage mime = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(mail.raw().getBytes(StandardCharsets.UTF_8)));
        assertNull(mime.getHeader("Bcc"), name);
        List<String> strict = new ArrayList<>();
        List<String> lenient = new ArrayList<>();
        List<String> anywhere = new ArrayList<>();
        for (String header : List.of("To", "Cc")) {
            String[] values = mime.getHeader(header);
            if (values == null) continue;
            assertEquals(1, values.length, header + ": " + name);
            for (jakarta.mail.internet.InternetAddress a : jakarta.mail.internet.InternetAddress.parseHeader(values[0], true)) {
                strict.add(a.getAddress());
            }
            for (jakarta.mail.internet.InternetAddress a : jakarta.mail.internet.InternetAddress.parseHeader(values[0], false)) {
                lenient.add(a.getAddress());
            }
            anywhere.addAll(addressLike(values[0]));
        }
        assertEquals(recipients, strict, "strict: " + name);
        assertEquals(recipients, lenient, "lenient: " + name);
        assertEquals(recipients, anywhere, "anything that looks like an address: " + name);
        String[] reply = mime.getHeader("Reply-To");
        assertEquals(List.of(replyTo), addressLike(reply[0]), "Reply-To: " + name);
        assertEquals(List.of(replyTo), java.util.Arrays.stream(jakarta.mail.internet.InternetAddress.parseHeader(reply[0], false))
                .map(jakarta.mail.internet.InternetAddress::getAddress).toList(), "Reply-To: " + name);
    }

    /** What a careless parser might take for an address: anything around an '@' in the raw header. */
    private static List<String> addressLike(String header) {
        List<String> found = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[^\\s<>\",:;()]+@[^\\s<>\",:;()]+").matcher(header);
        while (m.find()) found.add(m.group());
        return found;
    }

    /** The recipients of each raw send as moto recorded them: the SES Destination, then those its parser read in the headers. */
    private List<List<String>> sesDestinations() throws Exception {
        try (java.io.InputStream in = AWS.moto().endpoint().resolve("/moto-api/data.json").toURL().openStream()) {
            List<List<String>> destinations = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode raw : new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)
                    .path("ses").path("RawMessage")) {
                List<String> to = new ArrayList<>();
                raw.path("destinations").forEach(d -> {
                    String text = d.asText();
                    boolean named = text.endsWith(">") && text.contains("<");
                    to.add(named ? text.substring(text.lastIndexOf('<') + 1, text.length() - 1) : text);
                });
                destinations.add(to);
            }
            return destinations;
        }
    }

    // ---- the acknowledgements-per-address limit (production defaults: Limits) ----

    /** The function as Lambda builds it: an environment that sets no limit gets production's. */
    private static NotifyCoordinatorHandler limitedHandler() {
        return new NotifyCoordinatorHandler(new NotificationService(new DynamoDbNotificationStore(DYNAMO_DB, TABLE),
                new SesMailSender(SES, null), mails(), Clock.fixed(NOW, ZoneOffset.UTC),
                new se.smartcitysweden.booking.aws.DynamoDbLimitCounter(DYNAMO_DB, TABLE),
                se.smartcitysweden.booking.limits.Limits.acknowledgementsPerAddress(Map.of()).orElseThrow()));
    }

    private List<Map<String, AttributeValue>> counters() {
        return DYNAMO_DB.scan(r -> r.tableName(TABLE).consistentRead(true)).items().stream()
                .filter(item -> item.get("pk").s().startsWith("LIMIT#")).toList();
    }

    private static List<se.smartcitysweden.booking.domain.Workflow.HistoryEntry> history(Booking booking) {
        return new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE).load(booking.id()).orElseThrow().workflow().history();
    }

    @Test
    void givenThreeAcknowledgementsToAnAddressToday_whenAFourthBookingNamesIt_thenItIsStoredAndTheCoordinatorsToldButTheVisitorGetsNoMail()
            throws Exception {
        int limit = se.smartcitysweden.booking.limits.Limits.ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY;
        List<Booking> stored = new ArrayList<>();
        for (int n = 0; n <= limit; n++) {
            ObjectNode body = BookingJson.valid(TODAY).put("purpose", "Visit " + n);
            // The same address however it is typed.
            ((ObjectNode) body.get("contact")).put("email", n % 2 == 0 ? "victim@example.org" : "Victim@Example.org");
            stored.add(store(body));
        }
        NotifyCoordinatorHandler limited = limitedHandler();
        DynamodbEvent batch = newRecords();

        var run = StandardOutput.capture(() -> limited.handleRequest(batch, null));

        assertEquals(List.of(), run.value().getBatchItemFailures());
        assertEquals(limit + 1, mailTo(COORDINATOR).size(), "the coordinators hear of every booking");
        assertEquals(limit, mailbox.messages().stream()
                        .filter(m -> m.recipients().stream().anyMatch(r -> r.toLowerCase().contains("victim@example.org"))).count(),
                "the address gets no more than the limit");
        Booking fourth = stored.get(limit);
        Map<String, AttributeValue> item = item(fourth);
        assertEquals("submitted", item.get("status").s(), "the booking is kept");
        assertEquals("sent", item.get("coordinatorMail").s());
        assertEquals("skipped", item.get("visitorMail").s());
        assertEquals("contact-address-limit", item.get("visitorMailError").s());
        assertEquals("sent", item.get("notification").s(), "done: the safety net has nothing left to send");
        var skipped = history(fourth).stream().filter(h -> h.action().equals(NotificationService.ACKNOWLEDGEMENT_SKIPPED)).toList();
        assertEquals(1, skipped.size());
        assertEquals("contact-address-limit", skipped.get(0).detail());
        assertEquals("notification", skipped.get(0).actor());
        for (Booking earlier : stored.subList(0, limit)) assertEquals("sent", item(earlier).get("visitorMail").s());

        // A log line and a metric, neither with the address.
        JsonNodeAssert.one(run.output().events("notify.acknowledgement_limited"), fourth.id());
        assertEquals(1, run.output().metric("AcknowledgementsLimited").size());
        assertTrue(run.output().lines().stream().noneMatch(l -> l.toLowerCase().contains("victim")), run.output().lines().toString());

        // Replayed (a retried batch, the safety net): nothing more is sent, and nothing more is counted.
        assertEquals(List.of(), limited.handleRequest(batch, null).getBatchItemFailures());
        assertEquals(limit + 1 + limit, mailbox.messages().size());
        assertEquals(1, history(fourth).stream().filter(h -> h.action().equals(NotificationService.ACKNOWLEDGEMENT_SKIPPED)).count());

        // The counter: a hash of the address, the bookings counted, and the TTL at the end of the day.
        Map<String, AttributeValue> counter = counters().stream()
                .filter(c -> c.get("pk").s().startsWith("LIMIT#ack#")).findFirst().orElseThrow();
        assertFalse(counter.toString().toLowerCase().contains("victim"), counter.toString());
        assertEquals(Integer.toString(limit), counter.get("n").n());
        assertEquals(Long.toString(Instant.parse("2026-11-28T00:00:00Z").getEpochSecond()), counter.get("expiresAt").n());

        // Another address is not affected.
        store(BookingJson.valid(TODAY));
        limited.handleRequest(newRecords(), null);
        assertEquals(1, mailTo(VISITOR).size());
    }

    @Test
    void givenAnOrganiserAtItsLimit_whenAnotherVisitorNamesIt_thenTheVisitorIsAcknowledgedWithoutTheOrganisersCopy() {
        int limit = se.smartcitysweden.booking.limits.Limits.ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY;
        List<Booking> stored = new ArrayList<>();
        for (int n = 0; n <= limit; n++) {
            ObjectNode body = BookingJson.valid(TODAY);
            ((ObjectNode) body.get("contact")).put("email", "visitor" + n + "@example.org");
            body.putObject("organiser").put("name", "Busy Agency").put("email", "agency@tours.example");
            stored.add(store(body));
        }
        assertEquals(List.of(), limitedHandler().handleRequest(newRecords(), null).getBatchItemFailures());

        assertEquals(limit, mailTo("agency@tours.example").size());
        SentMail last = mailTo("visitor" + limit + "@example.org").get(0);
        assertEquals(List.of(), last.cc(), "sent without the organiser's copy");
        Booking fourth = stored.get(limit);
        assertEquals("sent", item(fourth).get("visitorMail").s());
        assertEquals(List.of("organiser-address-limit"), history(fourth).stream()
                .filter(h -> h.action().equals(NotificationService.ACKNOWLEDGEMENT_SKIPPED)).map(h -> h.detail()).toList());
    }

    @Test
    void givenTheCounterFailing_whenTheAcknowledgementIsDue_thenTheClaimIsGivenBackAndTheRetrySendsIt() {
        Booking booking = store(BookingJson.valid(TODAY));
        NotifyCoordinatorHandler limited = new NotifyCoordinatorHandler(new NotificationService(
                new DynamoDbNotificationStore(STORE_DYNAMO_DB, TABLE), new SesMailSender(SES, null), mails(),
                Clock.fixed(NOW, ZoneOffset.UTC), new se.smartcitysweden.booking.aws.DynamoDbLimitCounter(STORE_DYNAMO_DB, TABLE),
                se.smartcitysweden.booking.limits.Limits.acknowledgementsPerAddress(Map.of()).orElseThrow()));
        DYNAMO_DB_PROXY.add(Fault.of((path, body) -> body.contains("LIMIT#"), 500, "InternalServerError", -1));
        DynamodbEvent batch = newRecords();

        assertEquals(1, limited.handleRequest(batch, null).getBatchItemFailures().size(), "retried by Lambda");
        assertEquals(1, mailTo(COORDINATOR).size());
        assertEquals(0, mailTo(VISITOR).size());
        assertEquals("pending", item(booking).get("visitorMail").s(), "the claim is given back, not held for the stale time");

        DYNAMO_DB_PROXY.clear();
        assertEquals(List.of(), limited.handleRequest(batch, null).getBatchItemFailures());
        assertEquals(1, mailTo(VISITOR).size());
        assertEquals(1, mailTo(COORDINATOR).size());
    }

    /** Small helper: exactly one event, about this booking. */
    private static final class JsonNodeAssert {
        static void one(List<com.fasterxml.jackson.databind.JsonNode> events, String bookingId) {
            assertEquals(1, events.size(), events.toString());
            assertEquals(bookingId, events.get(0).get("bookingId").asText());
            assertEquals("contact", events.get(0).get("recipient").asText());
        }
    }
}
