package se.smartcitysweden.booking.localaws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's stream through the DynamoDB Streams API, from the start (or from now) and then
 * only what is new, shard by shard: the reading half of what Lambda's event source mapping does.
 *
 * <p>It keeps its place as the last sequence number read in each shard, not as a shard iterator:
 * each read asks for a fresh iterator after that number. moto replaces a table (and its stream)
 * with a copy whenever a transaction is cancelled, and an iterator taken before then keeps reading
 * the old copy, which gets no new records; a reader that trusted one iterator forever would go
 * silent after the first cancelled transaction.
 */
public final class LocalStream {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final ShardIteratorType startingPosition;
    /** Per shard id, the last sequence number read (null: none yet, read from the shard's start). */
    private final Map<String, String> lastRead = new HashMap<>();
    private boolean started;

    /** Reads from the start of the stream (TRIM_HORIZON). */
    public LocalStream(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String tableName) {
        this(dynamoDb, streams, tableName, ShardIteratorType.TRIM_HORIZON);
    }

    /**
     * @param startingPosition where to start in the shards there are at the first read: TRIM_HORIZON
     *                         (everything kept) or LATEST (only what is written after it); shards that
     *                         appear later are always read from their start
     */
    public LocalStream(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String tableName,
                       ShardIteratorType startingPosition) {
        this.streams = streams;
        this.startingPosition = startingPosition;
        this.streamArn = dynamoDb.describeTable(request -> request.tableName(tableName)).table().latestStreamArn();
        if (streamArn == null) throw new IllegalStateException("table " + tableName + " has no stream");
    }

    public String streamArn() {
        return streamArn;
    }

    /** Every record written since the last call (since the start of the stream on the first call). */
    public List<Record> readNew() {
        List<Record> records = new ArrayList<>();
        readNewByShard().values().forEach(records::addAll);
        return records;
    }

    /** Like {@link #readNew()}, by shard id: each shard's records in their order. */
    public synchronized Map<String, List<Record>> readNewByShard() {
        List<Shard> shards = streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards();
        for (Shard shard : shards) {
            if (!lastRead.containsKey(shard.shardId())) {
                boolean skipToEnd = !started && startingPosition == ShardIteratorType.LATEST;
                lastRead.put(shard.shardId(), skipToEnd ? lastSequenceNumber(shard.shardId()) : null);
            }
        }
        started = true;
        Map<String, List<Record>> records = new LinkedHashMap<>();
        for (Shard shard : shards) {
            String last = lastRead.get(shard.shardId());
            if (last != null && shard.sequenceNumberRange() != null
                    && last.equals(shard.sequenceNumberRange().endingSequenceNumber())) continue; // closed, read to its end
            List<Record> fresh = read(shard.shardId(), last).records();
            if (fresh.isEmpty()) continue;
            records.put(shard.shardId(), fresh);
            lastRead.put(shard.shardId(), fresh.get(fresh.size() - 1).dynamodb().sequenceNumber());
        }
        return records;
    }

    /** One page of the shard's records after {@code last} (from its start when null). */
    private GetRecordsResponse read(String shardId, String last) {
        String iterator = streams.getShardIterator(request -> {
            request.streamArn(streamArn).shardId(shardId);
            if (last == null) request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            else request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
        }).shardIterator();
        return streams.getRecords(request -> request.shardIterator(iterator));
    }

    /** The shard's last sequence number now (null when it is empty): LATEST, as a place to read after. */
    private String lastSequenceNumber(String shardId) {
        String last = null;
        for (List<Record> page = read(shardId, null).records(); !page.isEmpty(); page = read(shardId, last).records()) {
            last = page.get(page.size() - 1).dynamodb().sequenceNumber();
        }
        return last;
    }
}
