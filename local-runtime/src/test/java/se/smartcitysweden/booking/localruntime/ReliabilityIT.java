package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.localaws.MotoServer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reliability tier: the local stack as {@code make run} runs it (its own JVM, the repository's
 * template, moto_server), loaded and disturbed through its HTTP API only, and judged by what the
 * table holds and what the local SES accepted. The schedules do not fire on their own here, so every
 * first e-mail comes through the table's stream, not through the follow-up's safety net.
 *
 * <p>The API's throttling is raised for the load: this measures the system behind it, not a 429.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final List<String> NODES = List.of("stockholm", "goteborg", "malmo", "borlange", "linkoping", "umea");
    private static final int CLIENT_THREADS = 16;
    /** The load: bookings with their own key, the same request again, and another request under a taken key. */
    private static final int FIRST_SUBMISSIONS = 120;
    private static final int REPEATS = 50;
    private static final int CONFLICTS = 30;
    /** Behind a poison record, as behind any: the stream poller's interval and the sends, with room for a loaded machine. */
    private static final Duration POISON_WAIT = Duration.ofSeconds(15);

    private static MotoServer moto;
    private static ChildRuntime runtime;
    private static URI api;
    private static LocalMailbox mailbox;
    private static DynamoDbClient dynamoDb;
    private static String table;

    @BeforeAll
    static void startTheLocalStack() throws Exception {
        moto = MotoServer.start();
        mailbox = new LocalMailbox(moto.endpoint());
        int apiPort = MotoServer.freePort();
        api = URI.create("http://localhost:" + apiPort);
        runtime = ChildRuntime.start(moto.endpoint(), apiPort, MotoServer.freePort(), Map.of(
                "LOCAL_TEMPLATE", CloudFormationTemplate.locate().toAbsolutePath().toString(),
                "PARAMETER_OVERRIDES", "PublicBaseUrl=" + api + " ApiRateLimit=10000 ApiBurstLimit=10000"));
        table = CloudFormationTemplate.load(CloudFormationTemplate.locate(), LocalRuntime.STACK_NAME,
                LocalAwsClients.REGION.id(), moto.endpoint().toString(), Map.of()).physicalName("BookingTable");
        dynamoDb = new LocalAwsClients(moto.endpoint()).dynamoDb();
    }

    @AfterAll
    static void stopTheLocalStack() {
        if (dynamoDb != null) dynamoDb.close();
        if (runtime != null) runtime.close();
        if (moto != null) moto.close();
    }

    @Test
    @Order(1)
    void givenAReplayedBooking_whenAnotherIsSubmitted_thenItsMailsStillComeThroughTheStream() throws Exception {
        String first = booking("[replay-first]", "umea", "replay-first@example.org");
        Submission original = submit(first, "replay-key-1");
        assertEquals(201, original.status(), original.body());
        awaitNotified("the first booking", List.of(original.id()), Duration.ofSeconds(20));

        // The replay cancels the booking's transaction in DynamoDB (its key is taken): the writes are undone.
        Submission replay = submit(first, "replay-key-1");
        assertEquals(201, replay.status(), replay.body());
        assertEquals(original.id(), replay.id(), "the replay answers with the first booking");

        Submission next = submit(booking("[replay-next]", "malmo", "replay-next@example.org"), "replay-key-2");
        assertEquals(201, next.status(), next.body());
        awaitNotified("the next booking", List.of(next.id()), Duration.ofSeconds(20));
        assertMailedOnce(List.of(original.reference(), next.reference()));
    }

    @Test
    @Order(2)
    void givenTheScheduleFiredTwiceAtOnce_thenEachReminderIsSentOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Submission booking = submit(booking("[reminded-" + i + "]", NODES.get(i), "reminded" + i + "@example.org"),
                    "reminded-" + i);
            assertEquals(201, booking.status(), booking.body());
            ids.add(booking.id());
        }
        awaitNotified("the bookings to remind", ids, Duration.ofSeconds(30));
        List<String> unanswered = scanBookings().stream().filter(item -> item.get("status").s().equals("submitted"))
                .map(item -> item.get("reference").s()).toList();

        // Three working days on, every booking still unanswered is due its first reminder.
        LocalDate day = WorkingDays.sweden().plusWorkingDays(LocalDate.now(SWEDEN), 3);
        String at = URLEncoder.encode(day.atTime(LocalTime.of(7, 0)).atZone(SWEDEN)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), StandardCharsets.UTF_8);
        ExecutorService twice = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(twice.submit(() -> send(HttpRequest.newBuilder(
                        api.resolve("/_local/schedule/FollowUpFunction.WorkingMornings?at=" + at))
                        .POST(HttpRequest.BodyPublishers.noBody()))));
            }
            for (Future<HttpResponse<String>> run : runs) {
                HttpResponse<String> fired = run.get();
                assertEquals(200, fired.statusCode(), fired.body());
                assertTrue(JSON.readTree(fired.body()).path("succeeded").asBoolean(), fired.body());
            }
        } finally {
            twice.shutdownNow();
        }
        Map<String, Long> reminders = count(mailbox.messages(), mail -> mail.subject().startsWith("Påminnelse"),
                mail -> referenceIn(mail.subject(), unanswered));
        assertEquals(new TreeSet<>(unanswered), new TreeSet<>(reminders.keySet()), "a reminder for every unanswered booking");
        assertEquals(Map.of(), reminders.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "reminders sent more than once");
    }

    @Test
    @Order(3)
    void given200ConcurrentSubmissionsWithRepeatsAndConflicts_thenEachBookingIsStoredOnceAndMailedOnce() throws Exception {
        record Request(String key, String body, String marker) { }
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < FIRST_SUBMISSIONS; i++) {
            String marker = String.format(Locale.ROOT, "[load-%03d-a]", i);
            requests.add(new Request("load-key-" + i, booking(marker, NODES.get(i % NODES.size()),
                    "visitor-" + i + "@example.org"), marker));
        }
        for (int i = 0; i < REPEATS; i++) requests.add(requests.get(i));
        for (int i = REPEATS; i < REPEATS + CONFLICTS; i++) {
            String marker = String.format(Locale.ROOT, "[load-%03d-b]", i);
            requests.add(new Request("load-key-" + i, booking(marker, "stockholm", "other-" + i + "@example.org"), marker));
        }
        Collections.shuffle(requests, new Random(12));

        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<Future<Submission>> answers = new ArrayList<>();
        long started = System.nanoTime();
        List<Submission> submissions = new ArrayList<>();
        try {
            for (Request request : requests) answers.add(clients.submit(() -> submit(request.body(), request.key())));
            for (Future<Submission> answer : answers) submissions.add(answer.get());
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Integer, Long> statuses = submissions.stream()
                .collect(Collectors.groupingBy(Submission::status, TreeMap::new, Collectors.counting()));
        List<Long> millis = submissions.stream().map(Submission::millis).sorted().toList();
        System.out.printf(Locale.ROOT, "[reliability] %d submissions from %d threads in %.1f s: %.1f/s, "
                        + "p50 %d ms, p95 %d ms, max %d ms; statuses %s%n", requests.size(), CLIENT_THREADS, seconds,
                requests.size() / seconds, percentile(millis, 50), percentile(millis, 95),
                millis.get(millis.size() - 1), statuses);
        assertEquals(List.of(), submissions.stream().filter(s -> s.status() != 201 && s.status() != 422)
                .map(s -> s.status() + " " + s.body()).toList(), "only 201 and 422 (no 5xx, nothing else)");

        // Per key: one booking; the requests with the winner's body get it, the others 422.
        Map<String, String> storedMarkers = storedBookingMarkers();
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) byKey.computeIfAbsent(requests.get(i).key(), k -> new ArrayList<>()).add(i);
        List<Submission> accepted = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> key : byKey.entrySet()) {
            List<Submission> created = key.getValue().stream().map(submissions::get).filter(s -> s.status() == 201).toList();
            assertEquals(1, created.stream().map(Submission::id).distinct().count(), key.getKey() + ": one booking answered");
            String winner = storedMarkers.get(created.get(0).id());
            assertTrue(winner != null, key.getKey() + ": the booking answered 201 is in the table");
            for (int index : key.getValue()) {
                boolean sameBody = requests.get(index).marker().equals(winner);
                assertEquals(sameBody ? 201 : 422, submissions.get(index).status(),
                        key.getKey() + " " + requests.get(index).marker() + ": " + submissions.get(index).body());
            }
            accepted.add(created.get(0));
        }
        Map<String, Long> storedPerKey = storedMarkers.values().stream().filter(m -> m.startsWith("[load-"))
                .collect(Collectors.groupingBy(m -> m.substring(0, m.length() - 3), Collectors.counting()));
        assertEquals(FIRST_SUBMISSIONS, storedPerKey.size(), "a booking stored for every key");
        assertEquals(Map.of(), storedPerKey.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "stored more than once");

        awaitNotified("the load's bookings", accepted.stream().map(Submission::id).toList(), Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "[reliability] %d bookings' %d e-mails all sent %.1f s after the first request%n",
                accepted.size(), accepted.size() * 2, (System.nanoTime() - started) / 1e9);
        assertMailedOnce(accepted.stream().map(Submission::reference).toList());
    }

    /**
     * A booking item the notify function cannot read comes first in the stream: it is logged with
     * its key and counted (an alarm watches it), not retried, so the bookings behind it are mailed
     * at once, once each, with no wait for the template's retries.
     */
    @Test
    @Order(4)
    void givenAPoisonRecordInTheStream_whenBookingsFollowIt_thenEachIsMailedOnceWithoutWaiting() throws Exception {
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("BOOKING#poison"), "type", AttributeValue.fromS("booking"),
                "id", AttributeValue.fromS("poison"), "reference", AttributeValue.fromS("UME-POISN"),
                "status", AttributeValue.fromS("submitted"), "details", AttributeValue.fromS("{not json"))));
        awaitOutput("the poison record logged", "notification.unreadable_record", Duration.ofSeconds(10));

        long started = System.nanoTime();
        List<Submission> behind = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Submission booking = submit(booking("[behind-poison-" + i + "]", NODES.get(i), "behind" + i + "@example.org"),
                    "behind-poison-" + i);
            assertEquals(201, booking.status(), booking.body());
            behind.add(booking);
        }
        awaitNotified("the bookings behind the poison record", behind.stream().map(Submission::id).toList(), POISON_WAIT);
        System.out.printf(Locale.ROOT, "[reliability] bookings behind a poison record mailed %.1f s after it%n",
                (System.nanoTime() - started) / 1e9);
        assertMailedOnce(behind.stream().map(Submission::reference).toList());
        assertFalse(runtime.output().contains("failed from sequence number"), "the poison record was reported for retries");
    }

    // ---- the bookings ----

    private record Submission(int status, String body, String id, String reference, long millis) { }

    private static Submission submit(String body, String idempotencyKey) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode answer = response.statusCode() == 201 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        return new Submission(response.statusCode(), response.body(), answer.path("id").asText(null),
                answer.path("reference").asText(null), millis);
    }

    /** A valid booking in English whose purpose carries {@code marker}, to find it in the table. */
    private static String booking(String marker, String node, String visitor) {
        LocalDate from = LocalDate.now(SWEDEN).plusDays(40);
        return """
                {"node":"%s","language":"en","mainGoal":"learning","purpose":"Study visit %s",
                 "focusAreas":["energy"],"preferredDates":[{"from":"%s","to":"%s"}],"expectedParticipants":4,
                 "contact":{"name":"Test Visitor","email":"%s","country":"NO"},"acceptsCosts":true,"consent":true}
                """.formatted(node, marker, from, from.plusDays(2), visitor);
    }

    /** Booking id -> the marker in its purpose, for every booking item in the table. */
    private static Map<String, String> storedBookingMarkers() throws Exception {
        Map<String, String> markers = new HashMap<>();
        for (Map<String, AttributeValue> item : scanBookings()) {
            String purpose = JSON.readTree(item.get("details").s()).path("purpose").asText();
            String marker = purpose.substring(purpose.indexOf('['));
            String before = markers.put(item.get("id").s(), marker);
            assertTrue(before == null, "one item per booking id");
        }
        return markers;
    }

    private static List<Map<String, AttributeValue>> scanBookings() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true)
                        .filterExpression("#type = :booking AND id <> :poison")
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(Map.of(":booking", AttributeValue.fromS("booking"),
                                ":poison", AttributeValue.fromS("poison"))))
                .items().forEach(items::add);
        return items;
    }

    // ---- the mailbox ----

    /**
     * Waits until each booking's coordinator e-mail and visitor acknowledgement are marked sent on
     * the booking (read from the table: cheap, where reading the mailbox makes moto dump its state).
     */
    private static void awaitNotified(String what, List<String> ids, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> waiting;
        while (true) {
            Map<String, Map<String, AttributeValue>> items = scanBookings().stream()
                    .collect(Collectors.toMap(item -> item.get("id").s(), item -> item));
            waiting = ids.stream().filter(id -> !items.containsKey(id) || !sent(items.get(id), "coordinatorMail")
                    || !sent(items.get(id), "visitorMail")).toList();
            if (waiting.isEmpty()) return;
            if (System.nanoTime() > deadline) break;
            Thread.sleep(1000);
        }
        fail(what + ": e-mails not all sent within " + wait.toSeconds() + " s; " + waiting.size() + " booking(s) wait: "
                + waiting + "\nlocal runtime output (end):\n" + tail(runtime.output()));
    }

    private static boolean sent(Map<String, AttributeValue> item, String mail) {
        AttributeValue state = item.get(mail);
        return state != null && "sent".equals(state.s());
    }

    /** Each booking's coordinator e-mail and acknowledgement are in the local SES's mailbox once. */
    private static void assertMailedOnce(List<String> references) {
        List<SentMail> mails = mailbox.messages();
        Map<String, Long> coordinator = count(mails, ReliabilityIT::isNewBookingMail, mail -> referenceIn(mail.subject(), references));
        Map<String, Long> visitor = count(mails, ReliabilityIT::isAcknowledgement, mail -> referenceIn(mail.subject(), references));
        for (String reference : references) {
            assertEquals(1L, coordinator.getOrDefault(reference, 0L), reference + ": coordinator e-mails");
            assertEquals(1L, visitor.getOrDefault(reference, 0L), reference + ": acknowledgements");
        }
    }

    private static boolean isNewBookingMail(SentMail mail) {
        return mail.subject().startsWith("Ny besöksförfrågan ");
    }

    private static boolean isAcknowledgement(SentMail mail) {
        return mail.subject().startsWith("We have received your visit request ");
    }

    /** How many of the wanted e-mails there are per key (mails whose key is null are left out). */
    private static Map<String, Long> count(List<SentMail> mails, java.util.function.Predicate<SentMail> wanted,
                                           Function<SentMail, String> key) {
        Map<String, Long> counts = new HashMap<>();
        for (SentMail mail : mails) {
            if (!wanted.test(mail)) continue;
            String value = key.apply(mail);
            if (value != null) counts.merge(value, 1L, Long::sum);
        }
        return counts;
    }

    /** The reference of {@code references} the subject names (a reference is a word of its own in it). */
    private static String referenceIn(String subject, List<String> references) {
        for (String word : subject.split("[\\s:,]+")) {
            if (references.contains(word)) return word;
        }
        return null;
    }

    private static void awaitOutput(String what, String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!runtime.output().contains(text)) {
            if (System.nanoTime() > deadline) fail("no sign of " + what + " in the runtime's output:\n" + tail(runtime.output()));
            Thread.sleep(200);
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
