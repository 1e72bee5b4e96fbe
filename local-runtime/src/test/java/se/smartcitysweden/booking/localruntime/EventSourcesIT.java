package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.localruntime.testfunctions.ScheduledHandler;
import se.smartcitysweden.booking.localruntime.testfunctions.StreamRecordingHandler;
import se.smartcitysweden.booking.localruntime.testfunctions.StreamRecordingHandler.Delivery;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The stream poller and the schedule of the runtime, in this JVM with test functions that note
 * what they get: filtering, batches in order, partial failures, bisection, the on-failure queue;
 * schedule times, the input's scheduled time, retries and the dead-letter queue.
 */
class EventSourcesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = LocalRuntime.STACK_NAME + "-StreamTestTable";
    @TempDir
    static Path folder;
    private static MotoServer moto;
    private static LocalRuntime runtime;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        // Schedules fire only when triggered here: the template's real functions would call AWS from this JVM,
        // whose environment does not point at the emulator; the schedule test runs its own clock.
        LocalRuntime.Settings settings = TestTemplate.settings(folder, moto, Map.of());
        PrintStream both = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        runtime = LocalRuntime.start(settings, both);
        dynamoDb = runtime.clients().dynamoDb();
        sqs = runtime.clients().sqs();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        if (dynamoDb != null) dynamoDb.close();
        if (sqs != null) sqs.close();
        if (moto != null) moto.close();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        StreamRecordingHandler.DELIVERIES.clear();
        ScheduledHandler.INPUTS.clear();
        ScheduledHandler.FAILURES.set(0);
    }

    @Test
    void theTemplatesStreamEventsAreMapped() {
        List<String> mapped = runtime.streams().stream().map(s -> s.settings().functionId() + "." + s.settings().eventName())
                .toList();
        assertTrue(mapped.contains("StreamRecordingFunction.TestItems"), mapped.toString());
        assertTrue(mapped.contains("NotifyCoordinatorFunction.NewBookings"), mapped.toString());
        assertTrue(mapped.contains("OverviewRowsFunction.BookingChanges"), mapped.toString());
        StreamEventSource.Settings notify = runtime.streams().stream()
                .filter(s -> s.settings().functionId().equals("NotifyCoordinatorFunction")).findFirst().orElseThrow()
                .settings();
        assertEquals(LocalRuntime.STACK_NAME + "-BookingTable", notify.tableName());
        assertEquals(10, notify.batchSize());
        assertEquals(8, notify.maximumRetryAttempts());
        assertTrue(notify.bisectBatchOnFunctionError() && notify.reportBatchItemFailures());
        assertEquals("arn:aws:sqs:eu-north-1:123456789012:visit-booking-local-NotificationFailureQueue",
                notify.onFailureDestination());
        assertEquals(1, notify.filters().size());
    }

    @Test
    void onlyRecordsMatchingTheFilterAreDeliveredInOrder() throws Exception {
        put("f1", "test-a", "");
        update("f1");                       // MODIFY: left out by the filter
        put("f2", "other", "");             // kind does not start with "test": left out
        put("f3", "test-b", "");
        delete("f3");                       // REMOVE: left out

        List<String> keys = awaitKeys(List.of("f1", "f3"));
        Thread.sleep(1500); // anything else would have come by now
        List<Delivery> deliveries = List.copyOf(StreamRecordingHandler.DELIVERIES);
        List<String> delivered = deliveries.stream().flatMap(d -> d.keys().stream()).toList();
        assertEquals(List.of("f1", "f3"), delivered, "delivered: " + deliveries);
        assertEquals(List.of("f1", "f3"), keys);
        deliveries.forEach(d -> assertEquals(List.of(), d.eventNames().stream().filter(n -> !n.equals("INSERT")).toList()));
        String streamArn = streamOf("StreamRecordingFunction").streamArn();
        assertTrue(streamArn.startsWith("arn:aws:dynamodb:eu-north-1:123456789012:table/" + TABLE + "/stream/"), streamArn);
        for (Delivery delivery : deliveries) {
            delivery.eventSourceArns().forEach(arn -> assertEquals(streamArn, arn));
            delivery.regions().forEach(region -> assertEquals("eu-north-1", region));
        }
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("left out by the filter"));
    }

    @Test
    void aReportedFailureIsRetriedAndThenDescribedInTheOnFailureQueue() throws Exception {
        put("r1", "test", "");
        put("r2", "test", "");
        put("r3", "test", "fail");

        Message message = awaitMessage("StreamTestFailureQueue", Duration.ofSeconds(30));
        JsonNode record = JSON.readTree(message.body());
        List<Delivery> deliveries = List.copyOf(StreamRecordingHandler.DELIVERIES);
        assertEquals(3, count(deliveries, "r3"), "delivered, then retried twice (MaximumRetryAttempts 2): " + deliveries);
        assertEquals(1, count(deliveries, "r1"), "records before the reported one are done: " + deliveries);
        assertEquals(1, count(deliveries, "r2"), deliveries.toString());
        String r3 = sequenceNumberOf(deliveries, "r3");
        assertEquals("RetryAttemptsExhausted", record.path("requestContext").path("condition").asText());
        assertEquals(3, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals(runtime.functions().get("StreamRecordingFunction").definition().arn(),
                record.path("requestContext").path("functionArn").asText());
        assertEquals(200, record.path("responseContext").path("statusCode").asInt());
        assertTrue(record.path("responseContext").path("functionError").isMissingNode(), "a reported failure is no error");
        assertEquals("1.0", record.path("version").asText());
        JsonNode info = record.path("DDBStreamBatchInfo");
        assertEquals(r3, info.path("startSequenceNumber").asText());
        assertEquals(r3, info.path("endSequenceNumber").asText());
        assertEquals(1, info.path("batchSize").asInt());
        assertEquals(streamOf("StreamRecordingFunction").streamArn(), info.path("streamArn").asText());
        assertTrue(info.path("shardId").asText().startsWith("shardId-"), info.toString());
        assertTrue(info.path("approximateArrivalOfFirstRecord").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));

        put("r4", "test", "");
        awaitKeys(List.of("r4"));
        assertEquals(3, count(StreamRecordingHandler.DELIVERIES, "r3"), "the shard moved on; r3 is not sent again");
    }

    @Test
    void aFunctionErrorBisectsTheBatchUntilTheBadRecordIsAlone() throws Exception {
        put("b1", "test", "");
        put("b2", "test", "throw");
        put("b3", "test", "");
        put("b4", "test", "");

        Message message = awaitMessage("StreamTestFailureQueue", Duration.ofSeconds(30));
        awaitKeys(List.of("b1", "b3", "b4"));
        List<Delivery> deliveries = List.copyOf(StreamRecordingHandler.DELIVERIES);
        List<String> succeeded = deliveries.stream().filter(d -> !d.threw()).flatMap(d -> d.keys().stream()).toList();
        assertEquals(List.of("b1", "b3", "b4"), succeeded, "in order, each once: " + deliveries);
        List<Delivery> withB2 = deliveries.stream().filter(d -> d.keys().contains("b2")).toList();
        assertEquals(List.of("b2"), withB2.get(withB2.size() - 1).keys(), "bisected down to b2 alone: " + deliveries);
        assertEquals(3, withB2.stream().filter(d -> d.keys().size() == 1).count(),
                "alone, b2 is tried once and retried twice: " + deliveries);
        JsonNode record = JSON.readTree(message.body());
        assertEquals("Unhandled", record.path("responseContext").path("functionError").asText());
        assertEquals(sequenceNumberOf(deliveries, "b2"), record.path("DDBStreamBatchInfo").path("startSequenceNumber").asText());
        assertEquals(1, record.path("DDBStreamBatchInfo").path("batchSize").asInt());
    }

    @Test
    void theScheduleFiresAtTheCronTimeWithTheScheduledTimeInItsInput() throws Exception {
        ScheduleEventSource template = scheduleOf("ScheduledFunction");
        // A clock 1.5 s before Monday 1 March 2027, 07:00 in Stockholm (06:00Z): the schedule's next time.
        Instant due = Instant.parse("2027-03-01T06:00:00Z");
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), due.minusMillis(1500)));
        try (LocalQueues queues = new LocalQueues(runtime.clients());
             ScheduleEventSource schedule = new ScheduleEventSource(template.settings(), template.function(), queues,
                     clock, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            schedule.start();
            assertEquals(due, schedule.nextFire().orElseThrow());
            await(() -> !ScheduledHandler.INPUTS.isEmpty(), Duration.ofSeconds(15), "the schedule fired");
            assertEquals(Map.of("scheduledTime", "2027-03-01T06:00:00Z", "attempt", "1"), ScheduledHandler.INPUTS.get(0));
            await(() -> schedule.nextFire().map(due::isBefore).orElse(false), Duration.ofSeconds(5), "planned again");
            assertEquals(Instant.parse("2027-03-02T06:00:00Z"), schedule.nextFire().orElseThrow(), "Tuesday 07:00");
        }
        assertEquals(1, ScheduledHandler.INPUTS.size());
    }

    @Test
    void aTriggeredRunIsRetriedAsTheRetryPolicySays() throws Exception {
        ScheduledHandler.FAILURES.set(1);
        HttpResponse<String> response = post("/_local/schedule/ScheduledFunction?at=2027-03-01T07:00:00%2B01:00");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("2027-03-01T06:00:00Z", answer.path("scheduledTime").asText());
        assertEquals(2, answer.path("attempts").asInt());
        assertTrue(answer.path("succeeded").asBoolean());
        assertEquals("2027-03-01T06:00:00Z", answer.path("result").path("ranFor").asText());
        assertEquals(List.of(Map.of("scheduledTime", "2027-03-01T06:00:00Z", "attempt", "1"),
                Map.of("scheduledTime", "2027-03-01T06:00:00Z", "attempt", "2")), ScheduledHandler.INPUTS);
    }

    @Test
    void aRunThatStillFailsGoesToTheDeadLetterQueue() throws Exception {
        ScheduledHandler.FAILURES.set(100);
        HttpResponse<String> response = post("/_local/schedule/ScheduledFunction.Mornings?at=2027-03-02T06:00:00Z");
        assertEquals(502, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(3, answer.path("attempts").asInt(), "tried once, retried twice");
        assertTrue(answer.path("deadLettered").asBoolean());
        assertEquals("Unhandled", answer.path("functionError").asText());
        assertEquals(3, ScheduledHandler.INPUTS.size());

        Message message = awaitMessage("ScheduleTestDeadLetterQueue", Duration.ofSeconds(10));
        assertEquals(Map.of("scheduledTime", "2027-03-02T06:00:00Z", "attempt", "3"),
                JSON.readValue(message.body(), Map.class));
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        assertEquals("java.lang.IllegalStateException", attributes.get("ERROR_CODE").stringValue());
        assertEquals("the follow-up run failed", attributes.get("ERROR_MESSAGE").stringValue());
        assertEquals(answer.path("executionId").asText(), attributes.get("EXECUTION_ID").stringValue());
        assertEquals("arn:aws:scheduler:eu-north-1:123456789012:schedule/default/ScheduledFunctionMornings",
                attributes.get("SCHEDULE_ARN").stringValue());
        assertEquals(runtime.functions().get("ScheduledFunction").definition().arn(),
                attributes.get("TARGET_ARN").stringValue());
    }

    @Test
    void theSchedulesAreListedAndBadTriggersRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(api("/_local/schedule")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        JsonNode schedules = JSON.readTree(list.body()).path("schedules");
        List<String> names = new ArrayList<>();
        schedules.forEach(s -> names.add(s.path("function").asText() + "." + s.path("event").asText()));
        assertTrue(names.contains("ScheduledFunction.Mornings"), names.toString());
        assertTrue(names.contains("FollowUpFunction.WorkingMornings"), names.toString());
        for (JsonNode schedule : schedules) {
            if (schedule.path("function").asText().equals("ScheduledFunction")) {
                assertEquals("cron(0 7 ? * MON-FRI *)", schedule.path("expression").asText());
                assertEquals("Europe/Stockholm", schedule.path("timezone").asText());
                assertFalse(schedule.path("firesOnItsOwn").asBoolean(), "this test's runtime fires only when triggered");
                assertTrue(Instant.parse(schedule.path("nextTime").asText()).isAfter(Instant.now()));
            }
        }
        assertEquals(404, post("/_local/schedule/NoSuchFunction").statusCode());
        assertEquals(400, post("/_local/schedule/ScheduledFunction?at=tomorrow").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(api("/_local/schedule/ScheduledFunction")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "GET never fires");
        assertTrue(ScheduledHandler.INPUTS.isEmpty());
    }

    // --- helpers ---

    private static void put(String key, String kind, String behaviour) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(key));
        item.put("kind", AttributeValue.fromS(kind));
        if (!behaviour.isEmpty()) item.put("behaviour", AttributeValue.fromS(behaviour));
        dynamoDb.putItem(r -> r.tableName(TABLE).item(item));
    }

    private static void update(String key) {
        dynamoDb.updateItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression("SET note = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromS("changed"))));
    }

    private static void delete(String key) {
        dynamoDb.deleteItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key))));
    }

    /** Waits until every key was delivered in a batch that succeeded; returns those keys in delivery order. */
    private static List<String> awaitKeys(List<String> keys) throws InterruptedException {
        Supplier<List<String>> delivered = () -> StreamRecordingHandler.DELIVERIES.stream().filter(d -> !d.threw())
                .flatMap(d -> d.keys().stream()).filter(keys::contains).toList();
        await(() -> delivered.get().containsAll(keys), Duration.ofSeconds(20), "delivery of " + keys);
        return delivered.get();
    }

    private static long count(List<Delivery> deliveries, String key) {
        return deliveries.stream().filter(d -> d.keys().contains(key)).count();
    }

    private static String sequenceNumberOf(List<Delivery> deliveries, String key) {
        for (Delivery delivery : deliveries) {
            int index = delivery.keys().indexOf(key);
            if (index >= 0) return delivery.sequenceNumbers().get(index);
        }
        throw new AssertionError(key + " was not delivered");
    }

    private static Message awaitMessage(String queueLogicalId, Duration timeout) throws InterruptedException {
        String url = sqs.getQueueUrl(r -> r.queueName(LocalRuntime.STACK_NAME + "-" + queueLogicalId)).queueUrl();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (!messages.isEmpty()) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(messages.get(0).receiptHandle()));
                return messages.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message in " + queueLogicalId + " within " + timeout + "; console:\n"
                + console.toString(StandardCharsets.UTF_8));
    }

    private static void await(Supplier<Boolean> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; deliveries "
                        + StreamRecordingHandler.DELIVERIES + "; console:\n" + console.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }

    private static StreamEventSource streamOf(String functionId) {
        return runtime.streams().stream().filter(s -> s.settings().functionId().equals(functionId)).findFirst()
                .orElseThrow();
    }

    private static ScheduleEventSource scheduleOf(String functionId) {
        return runtime.schedules().stream().filter(s -> s.function().logicalId().equals(functionId)).findFirst()
                .orElseThrow();
    }

    private static URI api(String path) {
        return runtime.httpApi().url().resolve(path);
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(api(path))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
