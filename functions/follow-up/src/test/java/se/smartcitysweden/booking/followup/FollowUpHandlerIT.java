package se.smartcitysweden.booking.followup;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbNotificationStore;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
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
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.workflow.CoordinatorAction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Time travel: the scheduled follow-up run at chosen moments against the local DynamoDB and SES.
 * Each run's clock is the scheduled time in its input, exactly as in AWS.
 */
class FollowUpHandlerIT {
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's DynamoDB, under FollowUpFunction's role: what the handler's services use. */
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = AWS.clientsOf("FollowUpFunction").dynamoDb();
    /** The coordinators' actions the tests take are the manage function's code: under ManageBookingFunction's role. */
    private static final LocalAwsClients MANAGE = AWS.clientsOf("ManageBookingFunction");
    private static final DynamoDbClient MANAGE_DYNAMO_DB = MANAGE.dynamoDb();
    private static final SesV2Client MANAGE_SES = MANAGE.ses();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final LinkSigner SIGNER = new LinkSigner("follow-up-test-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8));
    private static final CoordinatorDirectory DIRECTORY =
            CoordinatorDirectory.parse(AWS.template().parameter("CoordinatorDirectory"));
    private static final WorkingDays WORKING_DAYS = WorkingDays.sweden();

    /** The functions' own SES client, as FollowUpFunction, through a proxy that can make SES fail. */
    private static final FaultInjectingProxy SES_PROXY = new FaultInjectingProxy(AWS.moto().endpoint());
    private static final SesV2Client SES = SesMailSender.clientBuilder(SesMailSender.Budget.BACKGROUND).endpointOverride(SES_PROXY.endpoint())
            .region(software.amazon.awssdk.regions.Region.EU_NORTH_1)
            .credentialsProvider(AWS.credentialsOf("FollowUpFunction")).build();

    private final LocalMailbox mailbox = new LocalMailbox(AWS.moto().endpoint());
    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    /** The administrator's view of the stored cases (fixtures and checks). */
    private DynamoDbBookingCaseRepository cases;
    /** The handler's, under the function's role. */
    private DynamoDbBookingCaseRepository functionCases;
    private FollowUpHandler handler;

    @BeforeEach
    void freshAws() {
        AWS.reset();
        SES_PROXY.clear();
        cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
        functionCases = new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE);
        handler = new FollowUpHandler(service(functionCases));
    }

    /** A repository whose runs meet after loading the due cases and then write one at a time. */
    private static se.smartcitysweden.booking.port.BookingCaseRepository lockstep(DynamoDbBookingCaseRepository real,
            java.util.concurrent.CyclicBarrier bothLoaded, Object oneWriteAtATime) {
        return new se.smartcitysweden.booking.port.BookingCaseRepository() {
            public Optional<BookingCase> load(String id) { return real.load(id); }

            public boolean save(BookingCase changed, Optional<Instant> nextDue, Instant now) {
                synchronized (oneWriteAtATime) {
                    return real.save(changed, nextDue, now);
                }
            }

            public List<BookingCase> due(Instant now) {
                List<BookingCase> due = real.due(now);
                try {
                    bothLoaded.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return due;
            }

            public List<BookingCase> submittedSince(se.smartcitysweden.booking.domain.Node node, Instant since) {
                return real.submittedSince(node, since);
            }

            public boolean claimOnce(String key, Instant now, java.time.Duration keep) {
                synchronized (oneWriteAtATime) {
                    return real.claimOnce(key, now, keep);
                }
            }

            public void releaseOnce(String key) { real.releaseOnce(key); }
        };
    }

    private static FollowUpService service(se.smartcitysweden.booking.port.BookingCaseRepository cases) {
        Mailbox sender = new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress"));
        BookingLinks links = new BookingLinks("http://localhost:3000", SIGNER).withBookingForm("http://localhost:3000/national.html");
        SesMailSender mailSender = new SesMailSender(SES, null);
        CaseMails caseMails = new CaseMails(sender, DIRECTORY, links, Language.SV);
        return new FollowUpService(cases, new FollowUpPlan(WORKING_DAYS), WORKING_DAYS, caseMails, mailSender,
                new NotificationService(new DynamoDbNotificationStore(FUNCTION_DYNAMO_DB, TABLE), mailSender,
                        new BookingMails(sender, DIRECTORY, links, Language.SV), Clock.systemUTC()),
                new MailVisitorNotices(caseMails, mailSender), new NationalDigest(cases, caseMails));
    }

    private static Instant at(String date, String time) {
        return LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(SWEDEN).toInstant();
    }

    private Map<String, Object> runAt(Instant scheduledTime) {
        return runAt(scheduledTime.atZone(SWEDEN).toOffsetDateTime().toString());
    }

    private Map<String, Object> runAt(String scheduledTime) {
        Map<String, Object> input = new HashMap<>();
        input.put("scheduledTime", scheduledTime);
        return handler.handleRequest(input, null);
    }

    /** Stores a booking as the submit function does, submitted at {@code createdAt}. */
    private Booking submitted(Instant createdAt, String node) {
        LocalDate day = LocalDate.ofInstant(createdAt, SWEDEN);
        BookingRequest request = BookingRequestParser.parse(BookingJson.valid(day).put("node", node), day).request().orElseThrow();
        Booking booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new Random()).next(request.node()),
                BookingStatus.SUBMITTED, createdAt, request);
        bookings.create(booking, Optional.empty());
        return booking;
    }

    /** Stores a booking made of {@code body}, as the submit function does. */
    private Booking submitted(Instant createdAt, com.fasterxml.jackson.databind.node.ObjectNode body) {
        LocalDate day = LocalDate.ofInstant(createdAt, SWEDEN);
        BookingRequest request = BookingRequestParser.parse(body, day).request().orElseThrow();
        Booking booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new Random()).next(request.node()),
                BookingStatus.SUBMITTED, createdAt, request);
        bookings.create(booking, Optional.empty());
        return booking;
    }

    private Map<String, AttributeValue> item(Booking booking) {
        return DYNAMO_DB.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("BOOKING#" + booking.id())))).item();
    }

    /** A coordinator's action, as the manage function takes it (its role). */
    private CaseService caseService(Instant now) {
        Mailbox sender = new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress"));
        CaseMails caseMails = new CaseMails(sender, DIRECTORY, new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
        return new CaseService(new DynamoDbBookingCaseRepository(MANAGE_DYNAMO_DB, TABLE), SIGNER, new FollowUpPlan(WORKING_DAYS),
                new MailVisitorNotices(caseMails, new SesMailSender(MANAGE_SES, null)), Clock.fixed(now, ZoneOffset.UTC));
    }

    private String manageToken(Booking booking) {
        return SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                Instant.parse("2030-01-01T00:00:00Z")));
    }

    private List<String> subjects() {
        return mailbox.messages().stream().map(SentMail::subject).toList();
    }

    /** Every mail but the national office's weekly digests. */
    private List<String> bookingSubjects() {
        return subjects().stream().filter(s -> !s.contains("veckoöversikt")).toList();
    }

    private List<String> reminderSubjects() {
        return subjects().stream().filter(s -> s.startsWith("Påminnelse")).toList();
    }

    @Test
    void givenABookingUnansweredOverAWeekendAndChristmas_whenTheScheduleRunsEveryMorning_thenRemindersComeOnTheRightDaysOnce() {
        // Thursday 17 December 2026; Christmas Eve, Christmas Day and New Year's Eve are days off.
        Booking booking = submitted(at("2026-12-17", "10:00"), "umea");
        Map<LocalDate, List<String>> remindersByDay = new java.util.TreeMap<>();
        for (LocalDate day = LocalDate.parse("2026-12-18"); day.isBefore(LocalDate.parse("2027-01-09")); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() >= 6) continue; // the schedule fires Monday to Friday
            int before = reminderSubjects().size();
            runAt(day.atTime(7, 0).atZone(SWEDEN).toInstant());
            runAt(day.atTime(7, 0).atZone(SWEDEN).toInstant()); // a retried run changes nothing
            List<String> reminders = reminderSubjects();
            if (reminders.size() > before) remindersByDay.put(day, reminders.subList(before, reminders.size()));
        }
        assertEquals(List.of(LocalDate.parse("2026-12-22"), LocalDate.parse("2026-12-28"), LocalDate.parse("2026-12-30")),
                new ArrayList<>(remindersByDay.keySet()), remindersByDay.toString());
        remindersByDay.values().forEach(sent -> assertEquals(1, sent.size()));
        assertTrue(remindersByDay.get(LocalDate.parse("2026-12-30")).get(0).startsWith("Påminnelse 3: besöksförfrågan " + booking.reference()));
        SentMail third = mailbox.messages().stream().filter(m -> m.subject().startsWith("Påminnelse 3")).findFirst().orElseThrow();
        assertEquals(List.of("umea@example.org"), third.to());
        assertEquals(List.of("national-office@example.org"), third.cc(), "the third reminder copies the national office");
        SentMail first = mailbox.messages().stream().filter(m -> m.subject().startsWith("Påminnelse 1")).findFirst().orElseThrow();
        assertEquals(List.of(), first.cc());
        assertTrue(first.text().contains("/bookings/" + booking.id() + "/manage?token="), "a fresh manage link");
        // The first run also sent the booking's first two e-mails (the notification safety net).
        assertTrue(subjects().stream().anyMatch(s -> s.startsWith("Ny besöksförfrågan " + booking.reference())));
        assertTrue(subjects().stream().anyMatch(s -> s.equals("We have received your visit request " + booking.reference())));
        assertTrue(cases.load(booking.id()).orElseThrow().workflow().followUpsSent().keySet()
                .containsAll(List.of("unanswered-1", "unanswered-2", "unanswered-3")));
    }

    @Test
    void givenAReminderSent_whenTheCoordinatorAcknowledges_thenNoMoreRemindersCome() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "malmo"); // a Monday
        runAt(at("2027-03-04", "07:00"));
        assertEquals(1, reminderSubjects().size());
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-03-04", "09:00"))
                .act(booking.id(), manageToken(booking), new CoordinatorAction.Acknowledge()));
        for (String day : List.of("2027-03-05", "2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12")) {
            runAt(at(day, "07:00"));
        }
        assertEquals(1, reminderSubjects().size());
        Map<String, AttributeValue> item = DYNAMO_DB.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("BOOKING#" + booking.id())))).item();
        // An acknowledged booking gets no reminder: nothing is due until its preferred dates (2027-04-30 – 2027-05-02)
        // have all passed without a visit agreed, when it lapses (issue 20).
        assertEquals(at("2027-05-03", "00:00"), Instant.parse(item.get("dueAt").s()));
    }

    @Test
    void givenTheScheduleFiringTwiceAtOnce_whenBothRun_thenEachReminderIsSentOnce() throws Exception {
        for (int i = 0; i < 5; i++) submitted(at("2027-03-01", "09:00"), "goteborg");
        runAt(at("2027-03-02", "07:00")); // first e-mails
        int before = mailbox.messages().size();
        // Both runs read the due cases before either claims one (they meet at a barrier), and their
        // writes reach moto one at a time: moto_server does not serialise conditional writes across
        // its threads as DynamoDB does. Which claim wins is still moto's condition check.
        java.util.concurrent.CyclicBarrier bothLoaded = new java.util.concurrent.CyclicBarrier(2);
        Object oneWriteAtATime = new Object();
        handler = new FollowUpHandler(service(lockstep(new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE), bothLoaded, oneWriteAtATime)));
        FollowUpHandler second = new FollowUpHandler(service(lockstep(new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE),
                bothLoaded, oneWriteAtATime)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Object> input = Map.of("scheduledTime", "2027-03-04T07:00:00+01:00");
            Future<Map<String, Object>> a = pool.submit(() -> handler.handleRequest(new HashMap<>(input), null));
            Future<Map<String, Object>> b = pool.submit(() -> second.handleRequest(new HashMap<>(input), null));
            a.get();
            b.get();
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 5, mailbox.messages().size(), "one reminder per booking");
        assertEquals(5, reminderSubjects().size());
    }

    @Test
    void givenAConfirmedVisit_whenFollowedUp_thenItsWholeLifeIsEmailedOnTheRightDays() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "linkoping");
        runAt(at("2027-03-01", "09:15")); // the safety net finds the first e-mails unsent and sends them
        CaseService coordinator = caseService(at("2027-03-02", "10:00"));
        String token = manageToken(booking);
        assertInstanceOf(CaseService.Answer.Changed.class, coordinator.act(booking.id(), token, new CoordinatorAction.Acknowledge()));
        assertInstanceOf(CaseService.Answer.Changed.class, coordinator.act(booking.id(), token,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-04-20"), LocalDate.parse("2027-04-21"))));
        SentMail confirmation = mailbox.messages().stream()
                .filter(m -> m.subject().startsWith("Your visit " + booking.reference() + " is confirmed")).findFirst().orElseThrow();
        String ics = new String(confirmation.attachments().get(0).content(), StandardCharsets.UTF_8);
        assertTrue(ics.contains("DTSTART;VALUE=DATE:20270420") && ics.contains("DTEND;VALUE=DATE:20270422"), ics);

        runAt(at("2027-04-12", "07:00"));
        assertFalse(subjects().stream().anyMatch(s -> s.startsWith("Besök " + booking.reference() + " om 7 dagar")));
        runAt(at("2027-04-13", "07:00"));
        assertTrue(subjects().stream().anyMatch(s -> s.startsWith("Besök " + booking.reference() + " om 7 dagar")));
        assertTrue(subjects().stream().anyMatch(s -> s.startsWith("Your visit to Smart City Sweden on")));

        runAt(at("2027-04-22", "07:00"));
        assertTrue(subjects().stream().anyMatch(s -> s.startsWith("Besöket " + booking.reference() + " är genomfört")));
        SentMail thanks = mailbox.messages().stream().filter(m -> m.subject().equals("Thank you for visiting Smart City Sweden"))
                .findFirst().orElseThrow();
        assertTrue(thanks.text().contains("/bookings/" + booking.id() + "/feedback?token="), thanks.text());

        CaseService later = caseService(at("2027-04-23", "10:00"));
        assertInstanceOf(CaseService.Answer.Changed.class, later.act(booking.id(), token, new CoordinatorAction.Complete(12)));
        runAt(at("2027-05-07", "07:00"));
        assertTrue(subjects().stream().anyMatch(s -> s.startsWith("Resultatet av besöket " + booking.reference())));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-05-07", "10:00")).act(booking.id(), token,
                new CoordinatorAction.RecordOutcome("Met three heat-pump makers.", List.of("Nibe", "Thermia"), true)));
        BookingCase followedUp = cases.load(booking.id()).orElseThrow();
        assertEquals(BookingStatus.FOLLOWED_UP, followedUp.status());
        assertEquals(List.of("acknowledge", "confirm", "complete", "record-outcome"),
                followedUp.workflow().history().stream().map(e -> e.action()).toList());

        int before = mailbox.messages().size();
        for (String day : List.of("2027-05-10", "2027-05-11", "2027-06-01")) runAt(at(day, "07:00"));
        List<SentMail> after = mailbox.messages().subList(before, mailbox.messages().size());
        assertTrue(after.stream().allMatch(m -> m.subject().startsWith("Smart City Sweden besök: veckoöversikt")),
                "only digests after the follow-up is done: " + after.stream().map(SentMail::subject).toList());
    }

    @Test
    void givenAMonday_whenTheScheduleRuns_thenTheNationalOfficeGetsOneDigestWithACsv() {
        Booking umea = submitted(at("2027-02-10", "09:00"), "umea");
        Booking stockholm = submitted(at("2027-02-11", "09:00"), "stockholm");
        runAt(at("2027-03-01", "07:00")); // Monday, week 9
        runAt(at("2027-03-01", "07:00"));
        runAt(at("2027-03-02", "07:00"));
        List<SentMail> digests = mailbox.messages().stream().filter(m -> m.subject().contains("veckoöversikt")).toList();
        assertEquals(1, digests.size());
        SentMail digest = digests.get(0);
        assertEquals("Smart City Sweden besök: veckoöversikt, vecka 9, 2027", digest.subject());
        assertEquals(List.of("national-office@example.org"), digest.to());
        assertTrue(digest.html().contains("Umeå") && digest.html().contains("Stockholm"));
        assertTrue(digest.text().contains("Nod\tÖppna\tFörsenade\t"), "the text part's header row: " + digest.text());
        // Nobody answered either, and this morning's run sent both their last reminders: both are late, listed by node.
        List<String> lines = digest.text().lines().toList();
        int late = lines.indexOf("Sena: obesvarade efter sista påminnelsen, per nod");
        assertEquals("Nod\tReferens\tInkommen\tVäntar\tDeltagare\tÖvertagen\t", lines.get(late + 1), digest.text());
        assertTrue(lines.get(late + 2).startsWith("Stockholm\t" + stockholm.reference() + " ("), digest.text());
        assertTrue(lines.get(late + 3).startsWith("Umeå\t" + umea.reference() + " ("), digest.text());
        assertTrue(digest.text().contains("/console/overview"), digest.text());
        // The Excel-friendly CSV of the overview: a BOM, semicolons, words, one row per booking.
        String csv = new String(digest.attachments().get(0).content(), StandardCharsets.UTF_8);
        List<String> rows = csv.lines().toList();
        assertTrue(rows.get(0).startsWith("\uFEFFReferens;Nod;Inkommen;Status;"), csv);
        assertEquals(3, rows.size(), csv);
        assertTrue(rows.get(1).contains(";Umeå;2027-02-10;Obesvarad;") && rows.get(1).contains(";Portugal;"), csv);
        assertTrue(rows.get(2).contains(";Stockholm;2027-02-11;Obesvarad;"), csv);
    }

    @Test
    void givenTheSchedulersJson_whenLambdaStreamsIt_thenTheRunIsTheTypedRunAndItsReportIsJson() throws Exception {
        assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(FollowUpHandler.class),
                "a stream handler: Lambda's runtime sets up no serializer for it");
        submitted(at("2027-02-10", "09:00"), "umea");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(
                "{\"scheduledTime\":\"2027-03-01T07:00:00+01:00\"}".getBytes(StandardCharsets.UTF_8)), out, null);
        Map<String, Object> report = se.smartcitysweden.booking.json.Json.MAPPER.readValue(out.toByteArray(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        assertEquals("done", report.get("status"), report.toString());
        assertEquals(Boolean.TRUE, report.get("digestSent"), report.toString());
        assertEquals(runAt("2027-03-01T07:00:00+01:00").keySet(), report.keySet());

        out.reset();
        handler.handleRequest(new java.io.ByteArrayInputStream("[1,2]".getBytes(StandardCharsets.UTF_8)), out, null);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"status\":\"rejected\""), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void givenABadScheduleEvent_whenInvoked_thenItIsRefusedAndNothingHappens() {
        submitted(at("2027-03-01", "09:00"), "umea");
        assertEquals("rejected", handler.handleRequest(Map.of("scheduledTime", "tomorrow"), null).get("status"));
        assertEquals("rejected", handler.handleRequest(Map.of("scheduledTime", "<aws.scheduler.scheduled-time>"), null).get("status"));
        assertEquals("rejected", handler.handleRequest(Map.of("time", "2027-03-04T07:00:00+01:00"), null).get("status"));
        assertEquals("rejected", handler.handleRequest(new HashMap<>(), null).get("status"));
        assertEquals(0, mailbox.messages().size());
    }

    @Test
    void givenTenThousandBookingsOfWhichTwentyAreDue_whenTheScheduleRuns_thenItReadsAboutTwentyItems() {
        Instant created = at("2027-03-01", "09:00");
        LocalDate day = LocalDate.parse("2027-03-01");
        BookingRequest request = BookingRequestParser.parse(BookingJson.valid(day), day).request().orElseThrow();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Booking booking = new Booking(UUID.randomUUID().toString(), "UME-" + i, BookingStatus.SUBMITTED, created, request);
            Map<String, AttributeValue> item = new HashMap<>(DynamoDbBookingRepository.bookingItem(booking));
            item.put("notification", AttributeValue.fromS("sent"));
            if (i % 500 != 0) {
                // Handled bookings with nothing due: outside the sparse due-work index.
                item.put("status", AttributeValue.fromS("followed-up"));
                item.remove("dueBucket");
                item.remove("dueAt");
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                List<WriteRequest> chunk = List.copyOf(batch);
                DYNAMO_DB.batchWriteItem(r -> r.requestItems(Map.of(TABLE, chunk)));
                batch.clear();
            }
        }
        // This week's digest (which reads a year of bookings, once a week) is not what is measured here.
        cases.claimOnce("digest-2027-W09", at("2027-03-01", "07:00"), java.time.Duration.ofDays(30));
        long before = functionCases.itemsRead();
        Map<String, Object> result = runAt(at("2027-03-04", "07:00"));
        assertEquals(20, result.get("dueCases"));
        assertEquals(20, result.get("tasksDone"));
        assertTrue(functionCases.itemsRead() - before <= 20, "items read: " + (functionCases.itemsRead() - before));
    }

    @Test
    void givenANotificationStillPending_whenTheUrgentRunComes_thenTheFirstMailsGoButNoReminders() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "borlange");
        Map<String, Object> early = handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-01T09:05:00+01:00",
                "scope", "urgent")), null);
        assertEquals(0, early.get("dueCases"), "not due before the grace period");
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-01T09:15:00+01:00", "scope", "urgent")), null);
        assertEquals(2, mailbox.messages().size());
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-05T09:15:00+01:00", "scope", "urgent")), null);
        assertEquals(List.of(), reminderSubjects(), "reminders wait for the morning run");
        assertEquals("sent", DYNAMO_DB.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("BOOKING#" + booking.id())))).item().get("notification").s());
        assertEquals("rejected", handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-01T09:15:00+01:00",
                "scope", "everything")), null).get("status"));
    }

    @Test
    void givenARunWithTwoBookingsDue_whenItRuns_thenEveryLineCarriesTheInvocationsIdsAndTheRunsOwnLineNoBooking() throws Exception {
        Booking first = submitted(at("2027-03-01", "09:00"), "malmo");
        Booking second = submitted(at("2027-03-01", "09:05"), "umea");
        String requestId = InvocationLogs.requestId();
        Map<String, Object> input = new HashMap<>();
        input.put("scheduledTime", at("2027-03-01", "09:15").atZone(SWEDEN).toOffsetDateTime().toString());

        StandardOutput.Captured<Map<String, Object>> run = InvocationLogs.invoke(
                () -> handler.handleRequest(input, InvocationLogs.context(requestId)));

        assertEquals("done", run.value().get("status"), run.value().toString());
        InvocationLogs.assertEveryLineCarries(run.output(), requestId);
        List<com.fasterxml.jackson.databind.JsonNode> sent = run.output().metric("MailSent");
        assertEquals(java.util.Set.of(first.id(), second.id()), sent.stream().filter(line -> line.has("bookingId"))
                .map(line -> line.path("bookingId").asText()).collect(java.util.stream.Collectors.toSet()));
        // The week's digest (a Monday) and the run's own line are about no one booking: no case's id is left on them.
        assertEquals(List.of("digest"), sent.stream().filter(line -> !line.has("bookingId")).map(line -> line.path("kind").asText()).toList());
        assertFalse(run.output().events("follow-up.run").get(0).has("bookingId"), "the run is about no one booking");

        String refused = InvocationLogs.requestId();
        StandardOutput.Captured<Map<String, Object>> bad = InvocationLogs.invoke(
                () -> handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "tomorrow")), InvocationLogs.context(refused)));
        assertEquals("rejected", bad.value().get("status"));
        InvocationLogs.assertEveryLineCarries(bad.output(), refused);
    }

    @Test
    void givenSesThrottlingAReminder_whenTheRunFails_thenItIsCountedAndTheNextRunSendsItOnce() throws Exception {
        submitted(at("2027-03-01", "09:00"), "malmo"); // a Monday
        runAt(at("2027-03-01", "09:15")); // the first e-mails
        int before = mailbox.messages().size();
        SES_PROXY.add(FaultInjectingProxy.Fault.of(FaultInjectingProxy.sesSendEmail(null), 429, "TooManyRequestsException", -1));
        StandardOutput failed = StandardOutput.during(() -> assertThrows(FollowUpHandler.FollowUpIncompleteException.class,
                () -> runAt(at("2027-03-04", "07:00"))));
        assertEquals(1, failed.metric("FollowUpTasksFailed").size(), failed.lines().toString());
        assertEquals(1, failed.metric("FollowUpTasksFailed").get(0).path("FollowUpTasksFailed").asInt());
        assertEquals(1, failed.metric("MailDelayed").size());
        assertEquals(before, mailbox.messages().size());

        SES_PROXY.clear();
        StandardOutput sent = StandardOutput.during(() -> runAt(at("2027-03-04", "07:30")));
        assertEquals(List.of("unanswered"), sent.metric("RemindersSent").stream().map(m -> m.path("kind").asText()).toList());
        assertEquals(List.of("unanswered"), sent.metric("MailSent").stream().map(m -> m.path("kind").asText()).toList());
        assertTrue(sent.metric("FollowUpTasksFailed").isEmpty());
        assertEquals(1, sent.events("follow-up.run").size(), "one structured line per run");
        assertEquals(1, reminderSubjects().size());
        runAt(at("2027-03-04", "08:00"));
        assertEquals(1, reminderSubjects().size());
    }

    // ---- Issue 9: the workflow over time ----

    @Test
    void givenAVisitMarkedDoneOnItsLastDay_whenTheMorningAfterRuns_thenTheVisitorIsStillThanked() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "linkoping");
        runAt(at("2027-03-01", "09:15"));
        String token = manageToken(booking);
        caseService(at("2027-03-02", "10:00")).act(booking.id(), token,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-04-20"), LocalDate.parse("2027-04-21")));
        assertInstanceOf(CaseService.Answer.NotAllowed.class, caseService(at("2027-04-19", "16:00"))
                .act(booking.id(), token, new CoordinatorAction.Complete(12)), "not before the visit's first day");
        runAt(at("2027-04-13", "07:00"));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-04-21", "15:00"))
                .act(booking.id(), token, new CoordinatorAction.Complete(12)));

        runAt(at("2027-04-22", "07:00"));
        SentMail thanks = mailbox.messages().stream().filter(m -> m.subject().equals("Thank you for visiting Smart City Sweden"))
                .findFirst().orElseThrow(() -> new AssertionError("no thanks: " + subjects()));
        assertEquals(List.of("Ana Souza <ana.souza@example.org>"), thanks.to());
        assertTrue(thanks.text().contains("/bookings/" + booking.id() + "/feedback?token="), thanks.text());
        assertFalse(subjects().stream().anyMatch(s -> s.startsWith("Besöket " + booking.reference() + " är genomfört")),
                "it is marked done already");
        // The outcome reminder: two weeks after the visit's end, never earlier.
        runAt(at("2027-05-05", "07:00"));
        assertFalse(subjects().stream().anyMatch(s -> s.startsWith("Resultatet av besöket " + booking.reference())));
        runAt(at("2027-05-06", "07:00")); // due, but Ascension Day: it waits for the next working morning
        runAt(at("2027-05-07", "07:00"));
        assertTrue(subjects().stream().anyMatch(s -> s.startsWith("Resultatet av besöket " + booking.reference())));
        assertEquals(1, subjects().stream().filter(s -> s.equals("Thank you for visiting Smart City Sweden")).count());
    }

    @Test
    void givenABookingNobodyAnswers_whenTheLastReminderGoesUnanswered_thenTheNationalOfficeTakesItOverAndTheVisitorIsTold() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "umea"); // a Monday
        for (LocalDate day = LocalDate.parse("2027-03-01"); day.isBefore(LocalDate.parse("2027-03-20")); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() >= 6) continue;
            runAt(day.atTime(7, 0).atZone(SWEDEN).toInstant());
            runAt(day.atTime(7, 0).atZone(SWEDEN).toInstant()); // a retried run changes nothing
            if (day.equals(LocalDate.parse("2027-03-11"))) {
                assertFalse(subjects().stream().anyMatch(s -> s.contains("tas över")), "two working days after the third reminder");
            }
        }
        assertEquals(3, reminderSubjects().size());
        List<SentMail> national = mailbox.messages().stream()
                .filter(m -> m.subject().equals("Besöksförfrågan " + booking.reference() + " tas över av det nationella kontoret"))
                .toList();
        assertEquals(1, national.size(), subjects().toString());
        assertEquals(List.of("national-office@example.org"), national.get(0).to());
        assertEquals(List.of("umea@example.org"), national.get(0).cc());
        assertTrue(national.get(0).text().contains("/bookings/" + booking.id() + "/manage?token="));
        List<SentMail> visitor = mailbox.messages().stream().filter(m -> m.subject().equals("Your visit request "
                + booking.reference() + ": Smart City Sweden's national office will answer you")).toList();
        assertEquals(1, visitor.size(), subjects().toString());
        assertEquals(List.of("Ana Souza <ana.souza@example.org>"), visitor.get(0).to());
        assertFalse(visitor.get(0).text().toLowerCase().contains("node"), "no internal words for the visitor");
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(1, c.workflow().history().stream().filter(e -> e.action().equals(FollowUpService.TAKEN_OVER)).count());
        assertEquals(at("2027-03-12", "07:00"), c.workflow().followUpsSent().get("taken-over"));
        // The national office answers through the node's manage link.
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-03-19", "10:00"))
                .act(booking.id(), manageToken(booking), new CoordinatorAction.Acknowledge()));
    }

    @Test
    void givenANoShow_whenTheMonthsAfterThePlannedVisitPass_thenNoThanksNoOutcomeReminderAndNoSurveyGo() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "linkoping");
        runAt(at("2027-03-01", "09:15"));
        String token = manageToken(booking);
        caseService(at("2027-03-02", "10:00")).act(booking.id(), token,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-04-20"), LocalDate.parse("2027-04-20")));
        runAt(at("2027-04-13", "07:00"));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-04-20", "15:00"))
                .act(booking.id(), token, new CoordinatorAction.Complete(0)));
        int before = bookingSubjects().size();
        for (String day : List.of("2027-04-21", "2027-05-07", "2027-05-10", "2027-10-20", "2027-11-05", "2028-04-20")) {
            runAt(at(day, "07:00"));
        }
        assertEquals(before, bookingSubjects().size(), "nothing after a no-show: " + bookingSubjects());
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(BookingStatus.COMPLETED, c.status());
        assertEquals(Optional.of(0), FollowUpPlan.attended(c.workflow()));
    }

    @Test
    void givenARequestWhoseOnlyDateStaysUnanswered_whenTheMorningAfterItRuns_thenItIsClosedBothSidesAreToldAndRemindersStop() {
        com.fasterxml.jackson.databind.node.ObjectNode body = BookingJson.valid(LocalDate.parse("2027-03-01")).put("node", "umea");
        body.putArray("preferredDates").addObject().put("from", "2027-03-03").put("to", "2027-03-03");
        Booking booking = submitted(at("2027-03-01", "09:00"), body); // a Monday; the visit asked for Wednesday
        for (LocalDate day = LocalDate.parse("2027-03-01"); day.isBefore(LocalDate.parse("2027-04-01")); day = day.plusDays(1)) {
            runAt(day.atTime(7, 0).atZone(SWEDEN).toInstant());
            runAt(day.atTime(7, 0).atZone(SWEDEN).toInstant()); // a retried run changes nothing
        }
        assertEquals(List.of(), reminderSubjects(), "closed on the morning its first reminder was due: no reminder");
        List<SentMail> node = mailbox.messages().stream()
                .filter(m -> m.subject().equals("Besöksförfrågan " + booking.reference() + " är stängd: datumen har passerat")).toList();
        assertEquals(1, node.size(), subjects().toString());
        assertEquals(List.of("umea@example.org"), node.get(0).to());
        assertEquals(List.of("national-office@example.org"), node.get(0).cc());
        List<SentMail> visitor = mailbox.messages().stream().filter(m -> m.subject().equals("Your visit request "
                + booking.reference() + ": we are sorry that we could not answer in time")).toList();
        assertEquals(1, visitor.size(), subjects().toString());
        assertEquals(List.of("Ana Souza <ana.souza@example.org>"), visitor.get(0).to());
        assertTrue(visitor.get(0).text().contains("http://localhost:3000/national.html?node=umea&lang=en"), visitor.get(0).text());
        assertTrue(visitor.get(0).text().contains("3 March 2027"), visitor.get(0).text());
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(BookingStatus.CANCELLED, c.status());
        assertEquals(1, c.workflow().history().stream().filter(e -> e.action().equals(FollowUpService.LAPSED)).count());
        assertEquals(at("2027-03-04", "07:00"), c.workflow().followUpsSent().get("lapsed"));
        assertEquals(at("2027-03-04", "07:00"), c.workflow().followUpsSent().get("lapsed-notice"));
        assertEquals(4, bookingSubjects().size(), "only the first two mails and the two of the closing: " + bookingSubjects());
    }

    /** The visitor's page, as the manage function runs it (its role), at {@code now}. */
    private se.smartcitysweden.booking.selfservice.VisitorService visitorService(Instant now) {
        Mailbox sender = new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress"));
        CaseMails caseMails = new CaseMails(sender, DIRECTORY, new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
        DynamoDbBookingCaseRepository repository = new DynamoDbBookingCaseRepository(MANAGE_DYNAMO_DB, TABLE);
        SesMailSender mailSender = new SesMailSender(MANAGE_SES, null);
        CaseService service = new CaseService(repository, SIGNER, new FollowUpPlan(WORKING_DAYS),
                new MailVisitorNotices(caseMails, mailSender), Clock.fixed(now, ZoneOffset.UTC));
        return new se.smartcitysweden.booking.selfservice.VisitorService(repository, service, new FollowUpPlan(WORKING_DAYS), WORKING_DAYS,
                new se.smartcitysweden.booking.notification.MailSelfService(caseMails, mailSender), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void givenAVisitorSavingTheParticipantsThreeTimes_whenTheUrgentRunsComeAfterAQuietSpell_thenTheCoordinatorsGetOneMailSayingWhoChanged() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "umea");
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-01T09:15:00+01:00", "scope", "urgent")), null);
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.VISITOR, booking.id(), booking.node(),
                Instant.parse("2030-01-01T00:00:00Z")));
        String[][] saves = {{"Ana Souza", "Rui Costa"}, {"Ana Souza", "Rui Costa", "Eva Lind"}, {"Rui Costa", "Eva Lind", "Nuno Reis"}};
        for (int i = 0; i < saves.length; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode body = se.smartcitysweden.booking.json.Json.object()
                    .put("action", "participants").put("expectedParticipants", 12);
            for (String name : saves[i]) body.withArray("participants").addObject().put("name", name);
            Instant when = at("2027-03-02", "10:0" + i);
            BookingCase current = cases.load(booking.id()).orElseThrow();
            se.smartcitysweden.booking.selfservice.VisitorAction action = se.smartcitysweden.booking.selfservice.VisitorActionParser
                    .parse(body, current.booking().request(), LocalDate.parse("2027-03-02")).value().orElseThrow();
            assertInstanceOf(CaseService.Answer.Changed.class, visitorService(when).act(booking.id(), token, action));
        }
        int before = bookingSubjects().size();
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-02T10:15:00+01:00", "scope", "urgent")), null);
        assertEquals(before, bookingSubjects().size(), "no mail while the visitor may still be editing");
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-02T10:45:00+01:00", "scope", "urgent")), null);
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-02T11:00:00+01:00", "scope", "urgent")), null);
        List<SentMail> told = mailbox.messages().stream()
                .filter(m -> m.subject().equals("Besök " + booking.reference() + ": besökaren har ändrat deltagarna")).toList();
        assertEquals(1, told.size(), bookingSubjects().toString());
        String text = told.get(0).text().replace("\r\n", "\n");
        assertTrue(text.contains("Tillagda (3):\nRui Costa\nEva Lind\nNuno Reis"), text);
        assertTrue(text.contains("Borttagna (1):\nAna Souza, City of Porto"), text);
        // A later change is a new session, with its own one mail.
        com.fasterxml.jackson.databind.node.ObjectNode body = se.smartcitysweden.booking.json.Json.object()
                .put("action", "participants").put("expectedParticipants", 12);
        body.withArray("participants").addObject().put("name", "Rui Costa");
        BookingCase current = cases.load(booking.id()).orElseThrow();
        visitorService(at("2027-03-02", "12:00")).act(booking.id(), token, se.smartcitysweden.booking.selfservice.VisitorActionParser
                .parse(body, current.booking().request(), LocalDate.parse("2027-03-02")).value().orElseThrow());
        handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-02T12:45:00+01:00", "scope", "urgent")), null);
        List<SentMail> again = mailbox.messages().stream()
                .filter(m -> m.subject().equals("Besök " + booking.reference() + ": besökaren har ändrat deltagarna")).toList();
        assertEquals(2, again.size());
        assertEquals(1, again.stream().map(m -> m.text().replace("\r\n", "\n")).filter(t -> t.contains("Borttagna (2):\nEva Lind\nNuno Reis")
                && !t.contains("Tillagda")).count(), again.stream().map(SentMail::text).toList().toString());
    }

    @Test
    void givenAVisitConfirmedForTheNextDay_whenTheMorningAfterItRuns_thenItGetsItsThanksButNoWeekBeforeMail() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "malmo");
        runAt(at("2027-03-01", "09:15"));
        caseService(at("2027-03-02", "10:00")).act(booking.id(), manageToken(booking),
                new CoordinatorAction.Confirm(LocalDate.parse("2027-03-03"), LocalDate.parse("2027-03-03")));
        runAt(at("2027-03-03", "07:00"));
        runAt(at("2027-03-04", "07:00"));
        assertTrue(subjects().contains("Thank you for visiting Smart City Sweden"), subjects().toString());
        assertFalse(subjects().stream().anyMatch(s -> s.startsWith("Your visit to Smart City Sweden on")), subjects().toString());
        assertFalse(subjects().stream().anyMatch(s -> s.contains("om 7 dagar")), subjects().toString());
    }

    @Test
    void givenVisitsConfirmedLessThanAWeekAhead_whenTheNextMorningRuns_thenTheWeekBeforeMailsSayTheRealDays() {
        Booking inTwoDays = submitted(at("2027-03-01", "09:00"), "malmo");
        Booking tomorrow = submitted(at("2027-03-01", "09:00"), "umea");
        runAt(at("2027-03-01", "09:15"));
        caseService(at("2027-03-02", "10:00")).act(inTwoDays.id(), manageToken(inTwoDays),
                new CoordinatorAction.Confirm(LocalDate.parse("2027-03-05"), LocalDate.parse("2027-03-05")));
        caseService(at("2027-03-02", "10:00")).act(tomorrow.id(), manageToken(tomorrow),
                new CoordinatorAction.Confirm(LocalDate.parse("2027-03-04"), LocalDate.parse("2027-03-05")));
        int before = mailbox.messages().size();
        runAt(at("2027-03-03", "07:00")); // Wednesday
        List<SentMail> sent = mailbox.messages().subList(before, mailbox.messages().size());
        // The coordinators read Swedish here, the visitors English.
        for (Map.Entry<Booking, List<String>> expected : Map.of(inTwoDays, List.of("om 2 dagar", "in 2 days"),
                tomorrow, List.of("i morgon", "tomorrow")).entrySet()) {
            String reference = expected.getKey().reference();
            SentMail prepare = sent.stream().filter(m -> m.subject().startsWith("Besök " + reference)).findFirst()
                    .orElseThrow(() -> new AssertionError(sent.stream().map(SentMail::subject).toList()));
            SentMail practical = sent.stream().filter(m -> m.subject().startsWith("Your visit to Smart City Sweden")
                    && m.text().contains("/bookings/" + expected.getKey().id() + "/visit")).findFirst().orElseThrow();
            for (String part : List.of(prepare.subject(), prepare.text(), prepare.html())) {
                assertTrue(part.contains(expected.getValue().get(0)), part);
            }
            for (String part : List.of(practical.subject(), practical.text(), practical.html())) {
                assertTrue(part.contains(expected.getValue().get(1)), part);
            }
        }
        assertFalse(sent.stream().anyMatch(m -> m.subject().contains("7 dagar") || m.subject().contains("7 days")),
                sent.stream().map(SentMail::subject).toList().toString());
    }

    @Test
    void givenAReopenedDeclineWhoseMailCouldNotGo_whenTheUrgentRunComes_thenTheVisitorIsToldOnceItIsOpenAgain() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "malmo");
        runAt(at("2027-03-01", "09:15"));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-03-02", "10:00")).act(booking.id(),
                manageToken(booking), new CoordinatorAction.Decline("Fully booked.")));
        // The reopen's notice cannot go now (SES down, say): it stays due for the safety net.
        CaseService sesDown = new CaseService(new DynamoDbBookingCaseRepository(MANAGE_DYNAMO_DB, TABLE), SIGNER, new FollowUpPlan(WORKING_DAYS), (c, notice) -> false,
                Clock.fixed(at("2027-03-03", "10:00"), ZoneOffset.UTC));
        assertInstanceOf(CaseService.Answer.Changed.class, sesDown.act(booking.id(), manageToken(booking), new CoordinatorAction.Reopen()));
        String subject = "Your visit request " + booking.reference() + " is open again";
        assertFalse(subjects().contains(subject));
        for (String time : List.of("10:15", "10:30")) {
            handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-03T" + time + ":00+01:00", "scope", "urgent")), null);
        }
        assertEquals(1, subjects().stream().filter(subject::equals).count(), subjects().toString());
        assertTrue(cases.load(booking.id()).orElseThrow().workflow().followUpsSent().containsKey("notice-1"));
    }

    @Test
    void givenAPlanChangeWhoseMailCouldNotGo_whenTheUrgentRunComes_thenTheVisitorIsToldOnceWhatChanged() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "malmo");
        runAt(at("2027-03-01", "09:15"));
        LocalDate day = LocalDate.parse("2027-04-06");
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-03-02", "10:00")).act(booking.id(),
                manageToken(booking), new CoordinatorAction.Confirm(day, day)));
        // The plan's notice cannot go now (SES down, say): it stays due for the safety net.
        CaseService sesDown = new CaseService(new DynamoDbBookingCaseRepository(MANAGE_DYNAMO_DB, TABLE), SIGNER, new FollowUpPlan(WORKING_DAYS), (c, notice) -> false,
                Clock.fixed(at("2027-03-03", "10:00"), ZoneOffset.UTC));
        se.smartcitysweden.booking.domain.VisitPlan plan = new se.smartcitysweden.booking.domain.VisitPlan(
                se.smartcitysweden.booking.domain.VisitPlan.everyDay(day, day, java.time.LocalTime.of(9, 0), java.time.LocalTime.of(15, 0)),
                "Malmö stadshus", "", "", "", "", "", "");
        assertInstanceOf(CaseService.Answer.Changed.class, sesDown.act(booking.id(), manageToken(booking), new CoordinatorAction.UpdatePlan(plan)));
        String subject = "Your visit " + booking.reference() + " on Tuesday 6 April 2027: the plan has changed";
        assertFalse(subjects().contains(subject));
        for (String time : List.of("10:15", "10:30")) {
            handler.handleRequest(new HashMap<>(Map.of("scheduledTime", "2027-03-03T" + time + ":00+01:00", "scope", "urgent")), null);
        }
        assertEquals(1, subjects().stream().filter(subject::equals).count(), subjects().toString());
        assertTrue(cases.load(booking.id()).orElseThrow().workflow().followUpsSent().containsKey("notice-1"));
    }

    @Test
    void givenAWeeksOutage_whenTheCatchUpRunComes_thenNothingStaleIsSentAndTheSkippedTasksAreRecorded() {
        Booking visit = submitted(at("2027-03-01", "09:00"), "malmo");
        runAt(at("2027-03-01", "09:15"));
        caseService(at("2027-03-02", "10:00")).act(visit.id(), manageToken(visit),
                new CoordinatorAction.Confirm(LocalDate.parse("2027-03-03"), LocalDate.parse("2027-03-03")));
        int before = mailbox.messages().size();
        // No run from 3 to 11 March; the catch-up run comes on Friday 12 March.
        runAt(at("2027-03-12", "07:00"));
        runAt(at("2027-03-12", "07:30"));
        List<String> sent = subjects().subList(before, subjects().size());
        List<String> notDigests = sent.stream().filter(s -> !s.contains("veckoöversikt")).toList();
        assertEquals(1, notDigests.size(), "only what is still true now: " + sent);
        assertTrue(notDigests.get(0).startsWith("Besöket " + visit.reference() + " är genomfört"), notDigests.get(0));
        BookingCase c = cases.load(visit.id()).orElseThrow();
        assertTrue(c.workflow().followUpsSent().keySet().containsAll(List.of("prepare", "practical", "thanks")));
        assertEquals(List.of("practical", "prepare", "thanks"), c.workflow().history().stream()
                .filter(e -> e.action().equals(FollowUpService.SKIPPED)).map(e -> e.detail()).sorted().toList());
    }

    @Test
    void givenABookingWhosePersonalDataTimeComes_whenTheMorningRunPasses_thenItIsAnonymisedAndKeptWithoutATtl() {
        Booking booking = submitted(at("2027-03-01", "09:00"), personalBody(LocalDate.parse("2027-03-01")));
        assertEquals(at("2029-03-02", "00:00").getEpochSecond(), Long.parseLong(item(booking).get("expiresAt").n()),
                "an expiry from the moment it is made: 24 months after it");
        runAt(at("2027-03-01", "09:15"));
        caseService(at("2027-03-02", "10:00")).act(booking.id(), manageToken(booking),
                new CoordinatorAction.Decline("Dear Mrs Lindqvist, we are fully booked in March."));
        runAt(at("2029-02-15", "07:00"));
        assertTrue(item(booking).get("details").s().contains("ana.souza@example.org"), "not yet");
        runAt(at("2029-02-16", "07:00"));
        Map<String, AttributeValue> item = item(booking);
        assertNoPersonalData(item);
        assertFalse(item.containsKey("expiresAt"), "a statistical record is kept");
        assertFalse(item.containsKey("dueAt"), "nothing left to do");
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(BookingStatus.DECLINED, c.status());
        assertEquals(List.of("decline", "anonymise"), c.workflow().history().stream().map(e -> e.action()).toList());
        assertEquals(List.of(se.smartcitysweden.booking.domain.FocusArea.ENERGY,
                se.smartcitysweden.booking.domain.FocusArea.URBAN_PLANNING), c.booking().request().focusAreas());
        assertEquals(12, c.booking().request().expectedParticipants());
    }

    @Test
    void givenACoordinatorErasingAVisitAtTheVisitorsRequest_whenDone_thenNoPersonalFieldRemainsAndTheDigestStillCountsIt() {
        Booking booking = submitted(at("2027-03-01", "09:00"), personalBody(LocalDate.parse("2027-03-01")));
        runAt(at("2027-03-01", "09:15"));
        String token = manageToken(booking);
        caseService(at("2027-03-02", "10:00")).act(booking.id(), token,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-03-10"), LocalDate.parse("2027-03-10")));
        caseService(at("2027-03-10", "16:00")).act(booking.id(), token, new CoordinatorAction.Complete(12));
        caseService(at("2027-03-10", "16:05")).act(booking.id(), token, new CoordinatorAction.RecordOutcome(
                "Mrs Lindqvist showed the heat network to Ana Souza.", List.of("Umeå Energi"), true));
        String feedbackToken = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(),
                Instant.parse("2030-01-01T00:00:00Z")));
        caseService(at("2027-03-11", "10:00")).feedback(booking.id(), feedbackToken,
                new se.smartcitysweden.booking.workflow.ActionParser.FeedbackInput(5, "Thank you, Ana (+351 22 123 4567)"));
        assertTrue(item(booking).get("workflow").s().contains("Lindqvist"), "personal data before the erasure");

        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-03-12", "10:00"))
                .act(booking.id(), token, new CoordinatorAction.Erase()));
        Map<String, AttributeValue> item = item(booking);
        assertNoPersonalData(item);
        assertFalse(item.containsKey("expiresAt"));
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(BookingStatus.FOLLOWED_UP, c.status());
        assertEquals("erase", c.workflow().history().get(c.workflow().history().size() - 1).action());
        assertEquals(5, c.workflow().feedback().orElseThrow().rating());
        assertTrue(c.workflow().outcome().orElseThrow().businessInterest());

        int before = mailbox.messages().size();
        runAt(at("2027-03-15", "07:00")); // Monday: the national digest
        List<SentMail> after = mailbox.messages().subList(before, mailbox.messages().size());
        assertEquals(1, after.size(), "only the digest: " + after.stream().map(SentMail::subject).toList());
        String csv = new String(after.get(0).attachments().get(0).content(), StandardCharsets.UTF_8);
        // Still one row, with what national reporting counts, and no personal field (the exports have no organisation).
        String row = csv.lines().filter(line -> line.startsWith(booking.reference() + ";")).findFirst().orElseThrow(() ->
                new AssertionError(csv));
        assertTrue(row.startsWith(booking.reference() + ";Umeå;2027-03-01;Uppföljd;Portugal;"), row);
        assertTrue(row.contains(";Energi, Stadsplanering;12;"), "focus areas in words, once: " + row);
        assertTrue(row.endsWith(";ja;0;ja;5;;"), "outcome, companies (names erased), interest, rating, no impact yet: " + row);
        assertFalse(csv.contains("Lindqvist") || csv.contains("Souza") || csv.contains("Umeå Energi"), csv);
    }

    /** A visit on 20–21 April 2027, confirmed and marked done on its last day. */
    private Booking completedVisit() {
        Booking booking = submitted(at("2027-03-01", "09:00"), "linkoping");
        runAt(at("2027-03-01", "09:15"));
        String token = manageToken(booking);
        caseService(at("2027-03-02", "10:00")).act(booking.id(), token,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-04-20"), LocalDate.parse("2027-04-21")));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-04-21", "15:00"))
                .act(booking.id(), token, new CoordinatorAction.Complete(12)));
        return booking;
    }

    private List<String> impactSubjects() {
        return subjects().stream().filter(s -> s.toLowerCase().contains("what came of your visit?")).toList();
    }

    @Test
    void givenACompletedVisit_whenMonthsPass_thenTheImpactSurveyComesAtSixMonthsWithOneReminderAndAtTwelveUntilAnswered() {
        Booking booking = completedVisit();
        Booking erased = completedVisit();
        runAt(at("2027-04-22", "07:00"));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2027-05-03", "10:00"))
                .act(erased.id(), manageToken(erased), new CoordinatorAction.Erase()));
        runAt(at("2027-10-20", "07:00"));
        assertEquals(List.of(), impactSubjects(), "not before six months");

        runAt(at("2027-10-21", "07:00"));
        runAt(at("2027-10-21", "07:30")); // a second run the same morning sends nothing twice
        assertEquals(List.of("What came of your visit? (6 months)"), impactSubjects(), "one survey, and none for the erased one");
        SentMail survey = mailbox.messages().stream().filter(m -> m.subject().contains("(6 months)")).findFirst().orElseThrow();
        assertEquals(List.of("Ana Souza <ana.souza@example.org>"), survey.to());
        assertTrue(survey.text().contains("/bookings/" + booking.id() + "/impact?token="), survey.text());
        assertTrue(item(booking).containsKey("dueAt"), "filed in the due-work index for the reminder");
        assertFalse(item(erased).containsKey("dueAt"), "the erased booking has nothing left to do");

        runAt(at("2027-11-03", "07:00"));
        assertEquals(1, impactSubjects().size(), "the reminder waits 14 days");
        runAt(at("2027-11-04", "07:00"));
        runAt(at("2027-11-05", "07:00"));
        runAt(at("2027-12-06", "07:00"));
        assertEquals(List.of("What came of your visit? (6 months)", "Reminder: what came of your visit? (6 months)"),
                impactSubjects(), "one reminder only");

        runAt(at("2028-04-20", "07:00"));
        assertEquals(2, impactSubjects().size());
        runAt(at("2028-04-21", "07:00"));
        assertEquals("What came of your visit? (12 months)", impactSubjects().get(2));
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.IMPACT, booking.id(), booking.node(),
                Instant.parse("2030-01-01T00:00:00Z")));
        assertInstanceOf(CaseService.Answer.Changed.class, caseService(at("2028-04-22", "10:00"))
                .impact(booking.id(), token, true, false, true, false, ""));
        for (String day : List.of("2028-05-05", "2028-05-08", "2028-06-01")) runAt(at(day, "07:00"));
        assertEquals(3, impactSubjects().size(), "answered: no reminder: " + impactSubjects());
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertTrue(c.workflow().followUpsSent().keySet().containsAll(List.of("impact-6", "impact-reminder-6", "impact-12")));
        assertFalse(c.workflow().followUpsSent().containsKey("impact-reminder-12"));
        assertTrue(item(booking).containsKey("dueAt"), "still filed until its anonymisation");
        assertFalse(mailbox.messages().stream().filter(m -> m.subject().contains("What came of your visit?"))
                .anyMatch(m -> m.text().contains(erased.id())), "no survey for the erased booking");
    }

    @Test
    void givenNoRunBetweenSixAndTwelveMonths_whenTheCatchUpRunComes_thenOnlyTheTwelveMonthSurveyGoes() {
        Booking booking = completedVisit();
        runAt(at("2027-04-22", "07:00"));
        runAt(at("2028-04-21", "07:00"));
        assertEquals(List.of("What came of your visit? (12 months)"), impactSubjects());
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(List.of("impact-6"), c.workflow().history().stream()
                .filter(e -> e.action().equals(FollowUpService.SKIPPED)).map(e -> e.detail()).toList());
    }

    /** A booking with personal data in every field that can hold it (organiser too). */
    private static com.fasterxml.jackson.databind.node.ObjectNode personalBody(LocalDate day) {
        com.fasterxml.jackson.databind.node.ObjectNode body = BookingJson.valid(day);
        body.putObject("organiser").put("name", "Bo Lindqvist").put("email", "bo.lindqvist@agency.example")
                .put("organisation", "Nordic Study Tours");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("participants").get(0)).put("role", "Chief planner Souza");
        body.withArray("participants").addObject().put("name", "Rui Costa").put("email", "rui.costa@example.org")
                .put("organisation", "Porto Energy Agency").put("role", "Engineer").put("country", "PT");
        body.put("message", "Please call Rui on +351 91 555 0101.");
        return body;
    }

    /** Every attribute of the raw item, searched for the test's names, addresses, phones and free text. */
    private static void assertNoPersonalData(Map<String, AttributeValue> item) {
        List<String> personal = List.of("Ana", "Souza", "ana.souza", "Rui", "Costa", "rui.costa", "Lindqvist", "agency.example",
                "+351", "123 4567", "City of Porto", "Porto Energy", "Nordic Study", "Chief planner", "Engineer", "district heating",
                "Heat networks", "Energy utilities", "Vegetarian", "Looking forward", "call Rui", "fully booked",
                "heat network", "Umeå Energi", "Thank you", "@");
        item.forEach((name, value) -> {
            String text = String.valueOf(value.s()) + " " + String.valueOf(value.n()) + " " + value.ss() + " " + value.m();
            for (String word : personal) {
                assertFalse(text.contains(word), name + " still holds \"" + word + "\": " + text);
            }
        });
    }
}
