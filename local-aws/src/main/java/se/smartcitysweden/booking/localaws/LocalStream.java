package se.smartcitysweden.booking.localaws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's stream through the DynamoDB Streams API, from the start and then only what
 * is new, shard by shard: the reading half of what Lambda's event source mapping does.
 */
public final class LocalStream {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new HashMap<>();

    public LocalStream(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String tableName) {
        this.streams = streams;
        this.streamArn = dynamoDb.describeTable(request -> request.tableName(tableName)).table().latestStreamArn();
        if (streamArn == null) throw new IllegalStateException("table " + tableName + " has no stream");
    }

    public String streamArn() {
        return streamArn;
    }

    /** Every record written since the last call (since the start of the stream on the first call). */
    public synchronized List<Record> readNew() {
        for (Shard shard : streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards()) {
            iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(request -> request
                    .streamArn(streamArn).shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        List<Record> records = new ArrayList<>();
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            if (shard.getValue() == null) continue; // a closed shard, read to its end
            GetRecordsResponse response = streams.getRecords(request -> request.shardIterator(shard.getValue()));
            records.addAll(response.records());
            shard.setValue(response.nextShardIterator());
        }
        return records;
    }
}
