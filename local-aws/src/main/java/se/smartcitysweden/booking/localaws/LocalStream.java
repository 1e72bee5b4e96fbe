package se.smartcitysweden.booking.localaws;

import java.util.ArrayList;
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
 */
public final class LocalStream {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final ShardIteratorType startingPosition;
    private final Map<String, String> iterators = new LinkedHashMap<>();
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
        for (Shard shard : streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards()) {
            ShardIteratorType type = started ? ShardIteratorType.TRIM_HORIZON : startingPosition;
            iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(request -> request
                    .streamArn(streamArn).shardId(id).shardIteratorType(type)).shardIterator());
        }
        started = true;
        Map<String, List<Record>> records = new LinkedHashMap<>();
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            if (shard.getValue() == null) continue; // a closed shard, read to its end
            GetRecordsResponse response = streams.getRecords(request -> request.shardIterator(shard.getValue()));
            if (!response.records().isEmpty()) records.put(shard.getKey(), response.records());
            shard.setValue(response.nextShardIterator());
        }
        return records;
    }
}
