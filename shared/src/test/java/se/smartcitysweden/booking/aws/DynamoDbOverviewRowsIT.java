package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.testing.StandardOutput;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The overview's rows in the booking table of the local emulator: conditional updates per node-month, BatchGetItem reads. */
class DynamoDbOverviewRowsIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final String OVERVIEW = AWS.physicalName("OverviewTable");
    /**
     * The rows are written by OverviewRowsFunction (OverviewRowsHandler: record, UpdateItem) and read by
     * ConsoleFunction (DynamoDbConsoleStore: between, BatchGetItem), and neither's policy allows both;
     * so each half of the adapter acts as the function that runs it in production.
     */
    private final DynamoDbOverviewRows rows = new DynamoDbOverviewRows(AWS.clientsOf("OverviewRowsFunction").dynamoDb(), OVERVIEW);
    private final DynamoDbOverviewRows console = new DynamoDbOverviewRows(AWS.clientsOf("ConsoleFunction").dynamoDb(), OVERVIEW);

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    private static OverviewRow row(String id, Node node, String submitted, BookingStatus status, long version) {
        return new OverviewRow(id, node, Instant.parse(submitted), "DE", List.of(FocusArea.ENERGY, FocusArea.CLIMATE),
                MainGoal.LEARNING, 12, Optional.of(Duration.ofMinutes(95)), status, status != BookingStatus.SUBMITTED,
                Optional.empty(), Optional.empty(), List.of(new Impact(6, true, false, true, false, "")), version);
    }

    private static Map<String, AttributeValue> item(Node node, String month) {
        return DYNAMO_DB.getItem(r -> r.tableName(OVERVIEW).consistentRead(true)
                .key(Map.of(BookingTable.PK, AttributeValue.fromS(DynamoDbOverviewRows.key(node, YearMonth.parse(month)))))).item();
    }

    private static String text(StandardOutput output) {
        return String.join("\n", output.lines());
    }

    @Test
    void givenRows_whenRecorded_thenOneItemPerNodeAndSwedishMonthHoldsThemWithoutIndexKeysOrTtl() throws Exception {
        rows.record(row("a", Node.UMEA, "2026-03-01T09:00:00Z", BookingStatus.SUBMITTED, 1));
        rows.record(row("b", Node.UMEA, "2026-03-31T21:59:59Z", BookingStatus.SUBMITTED, 1));
        // 1 April 00:30 in Sweden: April's item.
        rows.record(row("c", Node.UMEA, "2026-03-31T22:30:00Z", BookingStatus.SUBMITTED, 1));

        Map<String, AttributeValue> march = item(Node.UMEA, "2026-03");
        assertEquals("OVERVIEW#umea#2026-03", march.get("pk").s());
        assertEquals(DynamoDbOverviewRows.row(march.get("r_a").s()), row("a", Node.UMEA, "2026-03-01T09:00:00Z", BookingStatus.SUBMITTED, 1));
        assertTrue(march.get("r_b").s().startsWith("0000000000000000001 {"), march.get("r_b").s());
        assertFalse(march.containsKey("r_c"));
        assertTrue(item(Node.UMEA, "2026-04").containsKey("r_c"));
        for (String attribute : List.of(BookingTable.NODE, BookingTable.CREATED_AT, BookingTable.DUE_BUCKET, BookingTable.DUE_AT,
                BookingTable.EXPIRES_AT)) {
            assertFalse(march.containsKey(attribute), attribute);
        }
    }

    @Test
    void givenANewerRow_whenAnOlderRecordIsReplayed_thenTheNewerStaysAndTheSameVersionWritesAgain() throws Exception {
        rows.record(row("a", Node.MALMO, "2026-05-05T09:00:00Z", BookingStatus.CONFIRMED, 3));
        String out = text(StandardOutput.during(() -> rows.record(row("a", Node.MALMO, "2026-05-05T09:00:00Z", BookingStatus.SUBMITTED, 2))));
        assertTrue(out.contains("overview.row_older"), out);
        Map<String, AttributeValue> may = item(Node.MALMO, "2026-05");
        assertEquals(BookingStatus.CONFIRMED, DynamoDbOverviewRows.row(may.get("r_a").s()).status());
        assertEquals(3, DynamoDbOverviewRows.row(may.get("r_a").s()).version());

        rows.record(row("a", Node.MALMO, "2026-05-05T09:00:00Z", BookingStatus.COMPLETED, 3));
        assertEquals(BookingStatus.COMPLETED, DynamoDbOverviewRows.row(item(Node.MALMO, "2026-05").get("r_a").s()).status());
        // Versions of more digits compare as numbers (10 > 9), not as text.
        rows.record(row("a", Node.MALMO, "2026-05-05T09:00:00Z", BookingStatus.FOLLOWED_UP, 10));
        rows.record(row("a", Node.MALMO, "2026-05-05T09:00:00Z", BookingStatus.CONFIRMED, 9));
        assertEquals(10, DynamoDbOverviewRows.row(item(Node.MALMO, "2026-05").get("r_a").s()).version());
        assertEquals(List.of("pk", "r_a", "type"), item(Node.MALMO, "2026-05").keySet().stream().sorted().toList(),
                "one attribute per booking");
    }

    @Test
    void givenRowsOfSeveralNodesAndMonths_whenAPeriodIsRead_thenOneBatchGetReadsTheNodeMonthsAndTheDaysAreKept() throws Exception {
        rows.record(row("before", Node.UMEA, "2026-03-14T22:59:59Z", BookingStatus.SUBMITTED, 1));
        rows.record(row("first", Node.UMEA, "2026-03-14T23:00:00Z", BookingStatus.SUBMITTED, 1));
        rows.record(row("last", Node.UMEA, "2026-04-30T21:59:59Z", BookingStatus.SUBMITTED, 1));
        rows.record(row("after", Node.UMEA, "2026-04-30T22:00:00Z", BookingStatus.SUBMITTED, 1));
        rows.record(row("stockholm", Node.STOCKHOLM, "2026-04-01T10:00:00Z", BookingStatus.SUBMITTED, 1));
        rows.record(row("malmo", Node.MALMO, "2026-04-01T10:00:00Z", BookingStatus.SUBMITTED, 1));

        List<OverviewRow> read = console.between(List.of(Node.UMEA, Node.STOCKHOLM), LocalDate.parse("2026-03-15"),
                LocalDate.parse("2026-04-30"));

        assertEquals(List.of("first", "last", "stockholm"), read.stream().map(OverviewRow::bookingId).sorted().toList());
        assertEquals(1, console.batchGets());
        assertEquals(3, console.itemsRead(), "Umeå's March and April, Stockholm's April (its March has no item)");
    }

    @Test
    void givenTwoYearsOfSixNodes_whenRead_thenTheKeysGoInBatchesOfAHundred() throws Exception {
        for (Node node : Node.values()) rows.record(row("x-" + node.id(), node, "2025-01-10T10:00:00Z", BookingStatus.SUBMITTED, 1));
        List<OverviewRow> read = console.between(EnumSet.allOf(Node.class), LocalDate.parse("2025-01-01"), LocalDate.parse("2026-12-31"));
        assertEquals(6, read.size());
        assertEquals(2, console.batchGets(), "144 keys");
    }

    @Test
    void givenRowsAndBookings_whenRecorded_thenTheRowsAreInTheirOwnTableAndNothingOfThemInTheBookings() throws Exception {
        rows.record(row("a", Node.UMEA, "2026-03-01T09:00:00Z", BookingStatus.SUBMITTED, 1));
        new DynamoDbBookingRepository(DYNAMO_DB, TABLE).create(new se.smartcitysweden.booking.domain.Booking("id-UME-1", "UME-AAAAA",
                BookingStatus.SUBMITTED, Instant.parse("2026-03-01T09:00:00Z"),
                se.smartcitysweden.booking.validation.BookingRequestParser.parse(
                        se.smartcitysweden.booking.testing.BookingJson.valid(LocalDate.parse("2026-03-01")).put("node", "umea"),
                        LocalDate.parse("2026-03-01")).request().orElseThrow()), Optional.empty());
        DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);

        assertEquals(List.of("id-UME-1"), cases.submittedBetween(Node.UMEA, Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2100-01-01T00:00:00Z")).stream().map(c -> c.id()).toList());
        // The booking table's stream (and so its consumers) never carries a row's write.
        assertTrue(DYNAMO_DB.scan(r -> r.tableName(TABLE)).items().stream().noneMatch(i -> i.get("pk").s().startsWith("OVERVIEW#")));
        assertEquals(List.of("OVERVIEW#umea#2026-03"), DYNAMO_DB.scan(r -> r.tableName(OVERVIEW)).items().stream()
                .map(i -> i.get("pk").s()).toList());
    }

    @Test
    void givenAnUnreadableRow_whenRead_thenItIsLeftOutAndLoggedAndTheOthersAreRead() throws Exception {
        rows.record(row("a", Node.UMEA, "2026-03-01T09:00:00Z", BookingStatus.SUBMITTED, 1));
        DYNAMO_DB.updateItem(r -> r.tableName(OVERVIEW).key(Map.of("pk", AttributeValue.fromS("OVERVIEW#umea#2026-03")))
                .updateExpression("SET r_broken = :text, r_old = :old").expressionAttributeValues(Map.of(
                        ":text", AttributeValue.fromS("0000000000000000001 {\"f\":9}"), ":old", AttributeValue.fromS("{\"f\":1}"))));
        StandardOutput.Captured<List<OverviewRow>> read = StandardOutput.capture(() -> console.between(List.of(Node.UMEA),
                LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31")));
        String out = text(read.output());
        assertEquals(List.of("a"), read.value().stream().map(OverviewRow::bookingId).toList());
        assertTrue(out.contains("overview.unreadable_row") && out.contains("r_broken") && out.contains("r_old"), out);
    }

    @Test
    void givenANodeMonthItemNearDynamoDbsLimit_whenOneMoreRowIsRecorded_thenItIsLoggedAndCountedNotThrown() throws Exception {
        // Just under the emulator's limit (405,000 bytes; DynamoDB's is 400 KB).
        DYNAMO_DB.putItem(r -> r.tableName(OVERVIEW).item(Map.of("pk", AttributeValue.fromS("OVERVIEW#umea#2026-03"),
                "r_filler", AttributeValue.fromS("x".repeat(404_900)))));
        String out = text(StandardOutput.during(() -> rows.record(row("a", Node.UMEA, "2026-03-01T09:00:00Z", BookingStatus.SUBMITTED, 1))));
        assertTrue(out.contains("overview.row_too_large") && out.contains("\"OverviewRowTooLarge\":1"), out);
    }
}
