package se.smartcitysweden.booking.overviewrows;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbOverviewRows;
import se.smartcitysweden.booking.aws.OverviewRowDocument;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalStream;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.localaws.StreamRecordMapper;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.StandardOutput;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The overview rows function fed with real stream records of the local DynamoDB, and invoked for a rebuild. */
class OverviewRowsHandlerIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final String OVERVIEW = AWS.physicalName("OverviewTable");
    /** The function's DynamoDB, under OverviewRowsFunction's role, goes through a proxy, to make its writes fail. */
    private static final FaultInjectingProxy PROXY = new FaultInjectingProxy(AWS.moto().endpoint());
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = DynamoDbClient.builder().endpointOverride(PROXY.endpoint())
            .region(Region.EU_NORTH_1).credentialsProvider(AWS.credentialsOf("OverviewRowsFunction"))
            .httpClient(UrlConnectionHttpClient.create()).build();

    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    private final DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
    private final DynamoDbOverviewRows rows = new DynamoDbOverviewRows(DYNAMO_DB, OVERVIEW);
    private final OverviewRowsHandler handler = new OverviewRowsHandler(new DynamoDbOverviewRows(FUNCTION_DYNAMO_DB, OVERVIEW),
            new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE));
    private LocalStream stream;

    @BeforeEach
    void freshAws() {
        AWS.reset();
        PROXY.clear();
        stream = new LocalStream(DYNAMO_DB, AWS.clients().dynamoDbStreams(), TABLE);
    }

    @AfterAll
    static void close() {
        PROXY.close();
    }

    private Booking store(String id, String node, String createdAt) {
        LocalDate day = LocalDate.parse(createdAt.substring(0, 10));
        String letters = id.replaceAll("[^a-z0-9]", "").toUpperCase();
        Booking booking = new Booking(id, Node.fromId(node).orElseThrow().referencePrefix() + "-" + letters.substring(letters.length() - 5),
                BookingStatus.SUBMITTED, Instant.parse(createdAt),
                BookingRequestParser.parse(BookingJson.valid(day).put("node", node), day).request().orElseThrow());
        bookings.create(booking, Optional.empty());
        return booking;
    }

    /** A coordinator's answer, saved as the workflow saves it (the version goes up). */
    private BookingCase acknowledge(String id, Instant at) {
        BookingCase c = cases.load(id).orElseThrow();
        Booking b = c.booking();
        BookingCase changed = new BookingCase(new Booking(b.id(), b.reference(), BookingStatus.ACKNOWLEDGED, b.createdAt(), b.request()),
                c.version(), c.workflow().with(new Workflow.HistoryEntry(at, "coordinator:" + b.node().id(), "acknowledge", "")),
                c.notification());
        assertTrue(cases.save(changed, Optional.empty(), at));
        return cases.load(id).orElseThrow();
    }

    private DynamodbEvent newRecords() {
        return StreamRecordMapper.event(stream.readNew(), stream.streamArn(), "eu-north-1");
    }

    private static Map<String, AttributeValue> item(Node node, String month) {
        return DYNAMO_DB.getItem(r -> r.tableName(OVERVIEW).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbOverviewRows.key(node, YearMonth.parse(month)))))).item();
    }

    private static OverviewRow rowOf(Node node, String month, String bookingId) {
        String stored = item(node, month).get("r_" + bookingId).s();
        return OverviewRowDocument.decode(stored.substring(stored.indexOf(' ') + 1));
    }

    private JsonNode invoke(String input) throws Exception {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), answer, null);
        return Json.parse(answer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void givenBookingsMadeAndChanged_whenTheirStreamRecordsAreHandled_thenEachRowIsTheStoredBookingsInItsNodeMonth() {
        store("b-ume-1", "umea", "2026-03-02T09:00:00Z");
        store("b-ume-2", "umea", "2026-03-31T22:30:00Z"); // 1 April in Sweden
        store("b-sto-1", "stockholm", "2026-03-05T09:00:00Z");
        BookingCase answered = acknowledge("b-ume-1", Instant.parse("2026-03-02T11:00:00Z"));
        DynamodbEvent batch = newRecords();
        assertEquals(List.of("INSERT", "INSERT", "INSERT", "MODIFY"),
                batch.getRecords().stream().filter(r -> r.getDynamodb().getNewImage() != null
                        && r.getDynamodb().getNewImage().get("type") != null
                        && "booking".equals(r.getDynamodb().getNewImage().get("type").getS())).map(r -> r.getEventName()).toList());

        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());

        assertEquals(OverviewRow.of(answered), rowOf(Node.UMEA, "2026-03", "b-ume-1"));
        assertEquals(2, rowOf(Node.UMEA, "2026-03", "b-ume-1").version());
        assertEquals(BookingStatus.ACKNOWLEDGED, rowOf(Node.UMEA, "2026-03", "b-ume-1").status());
        assertEquals(OverviewRow.of(cases.load("b-ume-2").orElseThrow()), rowOf(Node.UMEA, "2026-04", "b-ume-2"));
        assertEquals(OverviewRow.of(cases.load("b-sto-1").orElseThrow()), rowOf(Node.STOCKHOLM, "2026-03", "b-sto-1"));
        assertEquals(List.of("b-sto-1", "b-ume-1", "b-ume-2"), rows.between(List.of(Node.values()), LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-04-30")).stream().map(OverviewRow::bookingId).sorted().toList());
        // The rows live in a table of their own: their writes add nothing to the booking table's stream.
        assertEquals(List.of(), newRecords().getRecords());
    }

    @Test
    void givenANewerRow_whenTheOlderRecordIsReplayed_thenTheNewerRowStays() {
        store("b-mal-1", "malmo", "2026-06-01T09:00:00Z");
        DynamodbEvent insert = newRecords();
        acknowledge("b-mal-1", Instant.parse("2026-06-01T10:00:00Z"));
        handler.handleRequest(newRecords(), null);
        assertEquals(2, rowOf(Node.MALMO, "2026-06", "b-mal-1").version());

        assertEquals(List.of(), handler.handleRequest(insert, null).getBatchItemFailures());

        assertEquals(BookingStatus.ACKNOWLEDGED, rowOf(Node.MALMO, "2026-06", "b-mal-1").status());
        assertEquals(2, rowOf(Node.MALMO, "2026-06", "b-mal-1").version());
    }

    @Test
    void givenARemovedBooking_whenItsRecordComes_thenItsRowStays() {
        store("b-lkp-1", "linkoping", "2026-07-01T09:00:00Z");
        handler.handleRequest(newRecords(), null);
        DYNAMO_DB.deleteItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("BOOKING#b-lkp-1"))));
        DynamodbEvent removal = newRecords();
        assertTrue(removal.getRecords().stream().anyMatch(r -> r.getEventName().equals("REMOVE")));

        assertEquals(List.of(), handler.handleRequest(removal, null).getBatchItemFailures());

        assertTrue(item(Node.LINKOPING, "2026-07").containsKey("r_b-lkp-1"), "the statistics outlive the booking");
    }

    @Test
    void givenAnUnreadableBookingFirstInTheBatch_whenHandled_thenItIsLoggedAndCountedAndTheRestIsRecorded() throws Exception {
        DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("BOOKING#poison"),
                "type", AttributeValue.fromS("booking"), "id", AttributeValue.fromS("poison"),
                "details", AttributeValue.fromS("{not json"))));
        store("b-ume-1", "umea", "2026-03-02T09:00:00Z");
        DynamodbEvent batch = newRecords();

        StandardOutput.Captured<StreamsEventResponse> run = StandardOutput.capture(() -> handler.handleRequest(batch, null));

        assertEquals(List.of(), run.value().getBatchItemFailures(), "retrying cannot make it readable");
        assertEquals(1, run.output().metric("UnreadableRecords").size(), run.output().lines().toString());
        assertEquals("BOOKING#poison", run.output().events("overview.unreadable_record").get(0).path("pk").asText());
        assertTrue(item(Node.UMEA, "2026-03").containsKey("r_b-ume-1"));
    }

    @Test
    void givenABatchOfSeveralBookings_whenHandled_thenEveryLineCarriesTheInvocationsIdsAndARecordsLinesOnlyItsOwnBooking() throws Exception {
        DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("BOOKING#poison"),
                "type", AttributeValue.fromS("booking"), "id", AttributeValue.fromS("poison"),
                "details", AttributeValue.fromS("{not json"))));
        store("b-ume-1", "umea", "2026-03-02T09:00:00Z");
        store("b-sto-1", "stockholm", "2026-03-05T09:00:00Z");
        DynamodbEvent batch = newRecords();
        PROXY.add(FaultInjectingProxy.Fault.of((path, body) -> body.contains("OVERVIEW#"), 500, "InternalServerError", -1));
        String requestId = InvocationLogs.requestId();

        StandardOutput.Captured<StreamsEventResponse> run = InvocationLogs.invoke(
                () -> handler.handleRequest(batch, InvocationLogs.context(requestId)));

        assertEquals(2, run.value().getBatchItemFailures().size());
        InvocationLogs.assertEveryLineCarries(run.output(), requestId);
        // The failed records' lines name no booking themselves: the context gives each its own.
        assertEquals(List.of("b-ume-1", "b-sto-1"), run.output().events("overview.record_failed").stream()
                .map(line -> line.path("bookingId").asText()).toList());
        assertFalse(run.output().events("overview.unreadable_record").get(0).has("bookingId"));
        assertFalse(run.output().events("overview.batch").get(0).has("bookingId"), "the batch is about no one booking");
    }

    @Test
    void givenARebuildThroughLambdasEntry_whenHandled_thenItsLinesCarryTheInvocationsIds() throws Exception {
        store("b-ume-1", "umea", "2026-03-02T09:00:00Z");
        String requestId = InvocationLogs.requestId();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();

        StandardOutput.Captured<Object> run = InvocationLogs.invoke(() -> {
            handler.handleRequest(new ByteArrayInputStream("{\"rebuild\":{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\"}}"
                    .getBytes(StandardCharsets.UTF_8)), answer, InvocationLogs.context(requestId));
            return null;
        });

        assertEquals(1, Json.parse(answer.toString(StandardCharsets.UTF_8)).path("rebuilt").asInt(), answer.toString());
        InvocationLogs.assertEveryLineCarries(run.output(), requestId);
        assertEquals(1, run.output().events("overview.rebuilt").size());
    }

    @Test
    void givenTheTableFailing_whenHandled_thenTheRecordIsReportedForARetryAndARetryRecordsIt() {
        store("b-ume-1", "umea", "2026-03-02T09:00:00Z");
        DynamodbEvent batch = newRecords();
        PROXY.add(FaultInjectingProxy.Fault.of((path, body) -> body.contains("OVERVIEW#"), 500, "InternalServerError", -1));

        StreamsEventResponse failed = handler.handleRequest(batch, null);

        assertEquals(List.of(batch.getRecords().get(0).getDynamodb().getSequenceNumber()),
                failed.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        PROXY.clear();
        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        assertTrue(item(Node.UMEA, "2026-03").containsKey("r_b-ume-1"));
    }

    @Test
    void givenTheSampleStreamEvent_whenSentAsLambdaSendsIt_thenTheAnswerIsABatchResponseAndTheRowIsRecorded() throws Exception {
        String sample = Files.readString(SampleEvents.folder().resolve("dynamodb/new-booking.json"));
        JsonNode answer = invoke(sample);
        assertEquals("[]", answer.path("batchItemFailures").toString(), answer.toString());
        JsonNode image = Json.parse(sample).path("Records").get(0).path("dynamodb").path("NewImage");
        Instant created = Instant.parse(image.path("createdAt").path("S").asText());
        Node node = Node.fromId(image.path("node").path("S").asText()).orElseThrow();
        OverviewRow row = rowOf(node, YearMonth.from(created.atZone(Booking.SWEDISH_TIME)).toString(), image.path("id").path("S").asText());
        assertEquals(created, row.submitted());
    }

    @Test
    void givenBookingsStoredBeforeTheRows_whenARebuildIsInvoked_thenTheirRowsAreRecorded() throws Exception {
        store("b-ume-1", "umea", "2026-01-10T09:00:00Z");
        store("b-gbg-1", "goteborg", "2026-02-10T09:00:00Z");
        store("b-gbg-2", "goteborg", "2026-12-31T23:30:00Z"); // 1 January 2027 in Sweden: outside
        acknowledge("b-ume-1", Instant.parse("2026-01-10T10:00:00Z"));

        JsonNode answer = invoke("{\"rebuild\":{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"}}");

        assertEquals(2, answer.path("rebuilt").asInt(), answer.toString());
        List<OverviewRow> read = rows.between(List.of(Node.values()), LocalDate.parse("2026-01-01"), LocalDate.parse("2027-12-31"));
        assertEquals(List.of("b-gbg-1", "b-ume-1"), read.stream().map(OverviewRow::bookingId).sorted().toList());
        assertEquals(OverviewRow.of(cases.load("b-ume-1").orElseThrow()), rowOf(Node.UMEA, "2026-01", "b-ume-1"));
        // Run again, or beside the stream: the same rows.
        assertEquals(2, invoke("{\"rebuild\":{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"}}").path("rebuilt").asInt());
    }

    @Test
    void givenInputThatIsNoBatchNorAPeriod_whenInvoked_thenTheAnswerSaysWhatIsWrong() throws Exception {
        assertEquals("rebuild.from must be a date YYYY-MM-DD", invoke("{\"rebuild\":{\"from\":\"2026-13-01\",\"to\":\"2026-12-31\"}}")
                .path("error").asText());
        assertEquals("rebuild.to must be a date YYYY-MM-DD", invoke("{\"rebuild\":{\"from\":\"2026-01-01\"}}").path("error").asText());
        assertEquals("rebuild.to is before rebuild.from", invoke("{\"rebuild\":{\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}}")
                .path("error").asText());
        assertTrue(invoke("{\"rebuild\":{\"from\":\"2020-01-01\",\"to\":\"2026-01-01\"}}").path("error").asText().contains("at most"));
        assertTrue(invoke("{\"rebuild\":\"2026\"}").path("error").asText().startsWith("rebuild needs"));
        assertTrue(invoke("{\"hello\":1}").path("error").asText().startsWith("expected a DynamoDB stream batch"));
        assertEquals("the input is not JSON", invoke("not json").path("error").asText());
    }
}
