package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.PK;
import static se.smartcitysweden.booking.aws.BookingTable.TYPE;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.port.OverviewRows;
import se.smartcitysweden.booking.port.StorageUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link OverviewRows} on a table of their own (the template's {@code OverviewTable}, without a
 * stream: a row's write, as large as its month's item, would otherwise reach every consumer of the
 * booking stream, and every booking transaction's copy of the table in moto as installed): one
 * item per node and month of submission (Swedish
 * time), {@code OVERVIEW#<node>#<yyyy-MM>}, holding each booking's row as one attribute
 * {@code r_<bookingId>}: the booking's version in 19 digits, a space, and the row's
 * {@link OverviewRow#encode()}. A year of six nodes is 72 keys: one BatchGetItem.
 *
 * <p>The version leads the text so that one attribute per booking guards its own update: the
 * condition {@code #r < :next} (the next version's 19 digits) holds exactly when the kept row's
 * version is not newer, as a number attribute {@code v_<bookingId>} with {@code #v <= :version}
 * would; a separate number attribute per booking made the emulator's BatchGetItem of a busy year
 * 3.5 times slower (its answer is built attribute by attribute: BENCHMARKS.md).
 *
 * <p>The items carry neither {@code node}, {@code createdAt} nor the due-work keys (so, were they kept
 * in the booking table, they would still show in neither index), and no TTL: the statistics outlive
 * the bookings' personal data. An item holds at most 400 KB: at 300–400 bytes a row (with the reference, language and visit days), some 1,000 bookings of one node in
 * one month. A row that no longer fits is logged ({@code overview.row_too_large}) and counted
 * ({@code OverviewRowTooLarge}, an alarm), not retried.
 */
public final class DynamoDbOverviewRows implements OverviewRows {
    /** BatchGetItem takes at most 100 keys. */
    static final int KEYS_PER_BATCH = 100;
    /** Tries of a batch's unprocessed keys before the read fails. */
    static final int ATTEMPTS = 6;
    private static final String ROW = "r_";
    /** Enough digits for any {@code long} version: equal widths compare as numbers. */
    private static final String STAMP = "%019d";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final AtomicLong itemsRead = new AtomicLong();
    private final AtomicLong batchGets = new AtomicLong();

    public DynamoDbOverviewRows(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public static String key(Node node, YearMonth month) {
        return "OVERVIEW#" + node.id() + "#" + month;
    }

    @Override
    public void record(OverviewRow row) {
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of(PK, AttributeValue.fromS(key(row.node(), row.month()))))
                    .updateExpression("SET #r = :row, #type = :type")
                    // Kept version <= this one (a replayed record writes the same row again); an older one writes nothing.
                    .conditionExpression("attribute_not_exists(#r) OR #r < :next")
                    .expressionAttributeNames(Map.of("#r", ROW + row.bookingId(), "#type", TYPE))
                    .expressionAttributeValues(Map.of(":row", AttributeValue.fromS(stored(row)),
                            ":next", AttributeValue.fromS(String.format(STAMP, row.version() + 1)),
                            ":type", AttributeValue.fromS("overview"))));
        } catch (ConditionalCheckFailedException newerKept) {
            Log.info("overview.row_older").field("bookingId", row.bookingId()).field("version", row.version()).write();
        } catch (DynamoDbException e) {
            if (!tooLarge(e)) throw new StorageUnavailableException("DynamoDB update failed", e);
            // Retrying cannot make it fit: an operator has to split the month's item (see the class comment).
            Log.error("overview.row_too_large").field("pk", key(row.node(), row.month())).field("bookingId", row.bookingId())
                    .error(e).write();
            Metrics.count(Metrics.Name.OverviewRowTooLarge);
        } catch (SdkException e) {
            throw new StorageUnavailableException("DynamoDB update failed", e);
        }
    }

    private static boolean tooLarge(DynamoDbException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return e.statusCode() == 400 && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("size");
    }

    @Override
    public List<OverviewRow> between(Collection<Node> nodes, LocalDate from, LocalDate to) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Node node : nodes) {
            for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
                keys.add(Map.of(PK, AttributeValue.fromS(key(node, m))));
            }
        }
        List<OverviewRow> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += KEYS_PER_BATCH) {
            for (Map<String, AttributeValue> item : read(keys.subList(i, Math.min(keys.size(), i + KEYS_PER_BATCH)))) {
                item.forEach((name, value) -> {
                    if (!name.startsWith(ROW)) return;
                    OverviewRow row = decode(item, name, value);
                    if (row != null && !row.submittedOn().isBefore(from) && !row.submittedOn().isAfter(to)) rows.add(row);
                });
            }
        }
        return rows;
    }

    /** One batch of keys, its unprocessed keys tried again after a growing pause (as the SDK's own retries wait). */
    private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> batch) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> wanted = Map.of(tableName, KeysAndAttributes.builder().keys(batch).build());
        try {
            for (int attempt = 1; ; attempt++) {
                Map<String, KeysAndAttributes> asked = wanted;
                BatchGetItemResponse response = dynamoDb.batchGetItem(request -> request.requestItems(asked));
                batchGets.incrementAndGet();
                List<Map<String, AttributeValue>> got = response.responses().getOrDefault(tableName, List.of());
                itemsRead.addAndGet(got.size());
                items.addAll(got);
                wanted = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (wanted.isEmpty()) return items;
                if (attempt == ATTEMPTS) throw new StorageUnavailableException("DynamoDB left keys unread " + ATTEMPTS + " times", null);
                Thread.sleep(Math.min(1_000, 50L << attempt));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while reading the overview", e);
        } catch (SdkException e) {
            throw new StorageUnavailableException("DynamoDB read failed", e);
        }
    }

    /** The attribute's text: the version stamp, a space, the row. */
    static String stored(OverviewRow row) {
        if (row.version() < 0 || row.version() == Long.MAX_VALUE) throw new IllegalArgumentException("version out of range");
        return String.format(STAMP, row.version()) + " " + OverviewRowDocument.encode(row);
    }

    /** The row an attribute holds; {@link IllegalArgumentException} for anything else. */
    static OverviewRow row(String stored) {
        if (stored == null || stored.length() < 21 || stored.charAt(19) != ' ') throw new IllegalArgumentException("not a stored row");
        return OverviewRowDocument.decode(stored.substring(20));
    }

    /** A row that cannot be read is left out of the overview and logged, rather than failing the whole page. */
    private static OverviewRow decode(Map<String, AttributeValue> item, String name, AttributeValue value) {
        try {
            return row(value.s());
        } catch (IllegalArgumentException | NullPointerException e) {
            Log.error("overview.unreadable_row").field("pk", item.get(PK).s()).field("attribute", name).error(e).write();
            return null;
        }
    }

    /** Items read so far (each node-month item once), for the benchmark. */
    public long itemsRead() {
        return itemsRead.get();
    }

    /** BatchGetItem calls so far, for the benchmark. */
    public long batchGets() {
        return batchGets.get();
    }
}
