package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The stream reader against moto's DynamoDB Streams. */
class LocalStreamIT {
    private final String table = LocalAws.shared().physicalName("BookingTable");
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;

    private void emptyTable(LocalAws aws) {
        aws.reset();
        dynamoDb = aws.clients().dynamoDb();
        streams = aws.clients().dynamoDbStreams();
    }

    @AfterEach
    void closeClients() {
        dynamoDb.close();
        streams.close();
    }

    /** moto as installed puts a copy of the table in place when a transaction is cancelled; the launcher's does not. */
    static Stream<Arguments> emulators() {
        return Stream.of(Arguments.of(Named.of("moto as installed", LocalAws.sharedAsInstalled())),
                Arguments.of(Named.of("moto through moto_launcher.py", LocalAws.shared())));
    }

    @ParameterizedTest
    @MethodSource("emulators")
    void givenACancelledTransaction_whenAnotherItemIsWritten_thenTheReaderStillGetsIt(LocalAws aws) {
        emptyTable(aws);
        LocalStream stream = new LocalStream(dynamoDb, streams, table);
        put("BOOKING#1");
        assertEquals(List.of("BOOKING#1"), keys(stream.readNew()));

        // As an idempotent replay does: the same key again in a transaction, cancelled by its condition.
        assertThrows(TransactionCanceledException.class, () -> dynamoDb.transactWriteItems(request -> request
                .transactItems(item -> item.put(put -> put.tableName(table).item(item("BOOKING#1"))
                        .conditionExpression("attribute_not_exists(pk)")))));
        put("BOOKING#2");

        assertEquals(List.of("BOOKING#2"), keys(stream.readNew()), "moto copied the table; the reader found its place");
        put("BOOKING#3");
        assertEquals(List.of("BOOKING#3"), keys(stream.readNew()));
        assertEquals(List.of(), keys(stream.readNew()), "nothing read twice");
    }

    @Test
    void givenLatest_whenItemsAreWrittenAfterTheFirstRead_thenOnlyThoseAreRead() {
        emptyTable(LocalAws.shared());
        put("BOOKING#before");
        LocalStream stream = new LocalStream(dynamoDb, streams, table, ShardIteratorType.LATEST);
        assertEquals(List.of(), keys(stream.readNew()), "LATEST: what was there before is left out");
        put("BOOKING#after-1");
        put("BOOKING#after-2");
        assertEquals(List.of("BOOKING#after-1", "BOOKING#after-2"), keys(stream.readNew()));
    }

    private void put(String pk) {
        dynamoDb.putItem(request -> request.tableName(table).item(item(pk)));
    }

    private static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "type", AttributeValue.fromS("test"));
    }

    private static List<String> keys(List<Record> records) {
        List<String> keys = new ArrayList<>();
        records.forEach(record -> keys.add(record.dynamodb().keys().get("pk").s()));
        return keys;
    }
}
