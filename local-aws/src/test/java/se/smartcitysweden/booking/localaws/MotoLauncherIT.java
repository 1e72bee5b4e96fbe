package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * moto through moto_launcher.py: a cancelled transaction is undone item by item, not by putting a copy of
 * the table in place, and leaves what DynamoDB leaves: no write and no stream record of it. Played on a table
 * with a hash key (the template's) and on one with a hash and a range key. Attribute values, which the launcher
 * writes into answers as moto holds them, come back as written on every path that reads them.
 */
class MotoLauncherIT {
    private static final LocalAws AWS = LocalAws.shared();
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;

    @BeforeEach
    void emptyEmulator() {
        AWS.reset();
        dynamoDb = AWS.clients().dynamoDb();
        streams = AWS.clients().dynamoDbStreams();
    }

    @AfterEach
    void closeClients() {
        dynamoDb.close();
        streams.close();
    }

    @Test
    void givenACancelledTransaction_onAHashKeyTable_thenNothingOfItIsLeft_andAnEarlierIteratorReadsOn() {
        String table = AWS.physicalName("BookingTable");
        played(table, pk -> Map.of("pk", s(pk)));
    }

    @Test
    void givenACancelledTransaction_onAHashAndRangeKeyTable_thenNothingOfItIsLeft_andAnEarlierIteratorReadsOn() {
        String table = "launcher-range-test";
        dynamoDb.createTable(create -> create.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        // Two items under one hash key, so that putting back one leaves the other.
        played(table, pk -> Map.of("pk", s("BOOKING"), "sk", s(pk)));
    }

    @Test
    void givenATransactionThatHolds_thenEveryWriteAndItsRecordAreThere() {
        String table = AWS.physicalName("BookingTable");
        Iterator reader = new Iterator(table);
        dynamoDb.transactWriteItems(request -> request.transactItems(
                put(table, Map.of("pk", s("A"), "v", s("1"))), put(table, Map.of("pk", s("B"), "v", s("1")))));
        assertEquals(List.of("INSERT A", "INSERT B"), reader.readNew());
        assertEquals("1", value(table, Map.of("pk", s("B"))));
    }

    @Test
    void everyChangeOfTheLauncherIsApplied() throws java.io.IOException {
        dynamoDb.listTables();
        String log = java.nio.file.Files.readString(AWS.moto().log());
        assertFalse(log.contains("moto_launcher:"), "the launcher left a part of moto unchanged:\n" + log);
    }

    @Test
    void givenEveryKindOfAttributeValue_whenReadByEveryPath_thenItComesBackAsWritten() {
        String table = AWS.physicalName("BookingTable");
        Map<String, AttributeValue> key = Map.of("pk", s("EVERY-KIND"));
        SdkBytes bytes = SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff});
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.putAll(Map.of("s", s("Umeå \"quoted\" \\ \u00e9"), "n", AttributeValue.fromN("-1.50"),
                "bool", AttributeValue.fromBool(false), "null", AttributeValue.fromNul(true),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "b", AttributeValue.fromB(bytes), "bs", AttributeValue.fromBs(List.of(bytes)),
                "l", AttributeValue.fromL(List.of()), "m", AttributeValue.fromM(Map.of())));
        // Nested: a map holding a list holding each kind, a binary one among them (which the launcher leaves to moto).
        AttributeValue list = AttributeValue.fromL(List.of(AttributeValue.fromN("3"), s("x"), AttributeValue.fromBool(true),
                AttributeValue.fromM(Map.of("deep", s("y"))), AttributeValue.fromL(List.of(AttributeValue.fromSs(List.of("z"))))));
        item.put("nested", AttributeValue.fromM(Map.of("list", list, "plain", AttributeValue.fromM(Map.of("one", s("1"))))));
        item.put("nestedBinary", AttributeValue.fromL(List.of(s("before"), AttributeValue.fromB(bytes))));
        Iterator reader = new Iterator(table);

        dynamoDb.putItem(request -> request.tableName(table).item(item));
        assertEquals(item, dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item(), "GetItem");
        assertEquals(List.of(item), dynamoDb.query(request -> request.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("EVERY-KIND")))).items(), "Query");
        assertEquals(List.of(item), dynamoDb.scan(request -> request.tableName(table)).items(), "Scan");
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of("pk", s("ANOTHER"))));
        var page = dynamoDb.scan(request -> request.tableName(table).limit(1));
        assertEquals(Map.of("pk", page.items().get(0).get("pk")), page.lastEvaluatedKey(), "Scan's LastEvaluatedKey");
        dynamoDb.deleteItem(request -> request.tableName(table).key(Map.of("pk", s("ANOTHER"))));
        assertEquals(List.of(item), dynamoDb.batchGetItem(request -> request.requestItems(Map.of(table,
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(key).build())))
                .responses().get(table), "BatchGetItem");
        assertEquals(item, dynamoDb.transactGetItems(request -> request.transactItems(t -> t.get(g -> g.tableName(table).key(key))))
                .responses().get(0).item(), "TransactGetItems");
        Map<String, AttributeValue> updated = new java.util.HashMap<>(item);
        updated.put("n", AttributeValue.fromN("2"));
        assertEquals(item, dynamoDb.updateItem(request -> request.tableName(table).key(key).updateExpression("SET n = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("2")))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes(), "UpdateItem's old values");
        assertEquals(updated, dynamoDb.deleteItem(request -> request.tableName(table).key(key)
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes(), "DeleteItem's old values");

        List<Record> records = streams.getRecords(request -> request.shardIterator(reader.next)).records();
        records = records.stream().filter(record -> record.dynamodb().keys().equals(key)).toList();
        assertEquals(List.of("INSERT", "MODIFY", "REMOVE"), records.stream().map(Record::eventNameAsString).toList());
        assertEquals(item, records.get(0).dynamodb().newImage(), "INSERT's NewImage");
        assertEquals(item, records.get(1).dynamodb().oldImage(), "MODIFY's OldImage");
        assertEquals(updated, records.get(1).dynamodb().newImage(), "MODIFY's NewImage");
        assertEquals(updated, records.get(2).dynamodb().oldImage(), "REMOVE's OldImage");
    }

    @Test
    void givenAnItemOverDynamoDbsSizeLimit_whenPutOrUpdated_thenItIsRefused_andOneUnderItIsKept() {
        String table = AWS.physicalName("BookingTable");
        Map<String, AttributeValue> key = Map.of("pk", s("LARGE"));
        Map<String, AttributeValue> over = with(with(with(key, "a", "x".repeat(200_000)), "b", "x".repeat(200_000)), "c", "x".repeat(10_000));
        DynamoDbException refused = assertThrows(DynamoDbException.class,
                () -> dynamoDb.putItem(request -> request.tableName(table).item(over)));
        assertTrue(refused.getMessage().contains("Item size has exceeded the maximum allowed size"), refused.getMessage());
        assertFalse(dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).hasItem());

        Map<String, AttributeValue> under = with(with(key, "a", "x".repeat(200_000)), "b", "x".repeat(190_000));
        dynamoDb.putItem(request -> request.tableName(table).item(under));
        assertThrows(DynamoDbException.class, () -> dynamoDb.updateItem(request -> request.tableName(table).key(key)
                .updateExpression("SET c = :c").expressionAttributeValues(Map.of(":c", s("x".repeat(20_000))))));
        assertEquals(under, dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item());
    }

    @Test
    void givenMailSentAndItemsWritten_whenTheStateOfSesAloneIsRead_thenItIsSesPartOfTheWholeState() throws Exception {
        String table = AWS.physicalName("BookingTable");
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of("pk", s("WRITTEN"), "v", s("1"))));
        try (var ses = AWS.clients().ses()) {
            ses.createEmailIdentity(request -> request.emailIdentity("launcher-test.example.org"));
            ses.sendEmail(request -> request.fromEmailAddress("office@launcher-test.example.org").destination(d -> d.toAddresses("visitor@example.org"))
                    .content(c -> c.raw(raw -> raw.data(SdkBytes.fromUtf8String("From: office@launcher-test.example.org\r\n"
                            + "To: visitor@example.org\r\nSubject: Hej\r\n\r\nWelcome\r\n")))));
        }
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var whole = mapper.readTree(AWS.moto().endpoint().resolve("/moto-api/data.json").toURL());
        var ofSes = mapper.readTree(AWS.moto().endpoint().resolve("/moto-api/data.json?service=ses").toURL());
        assertTrue(whole.has("dynamodb") && whole.path("ses").size() > 0, "the whole state: " + whole.fieldNames());
        List<String> services = new ArrayList<>();
        ofSes.fieldNames().forEachRemaining(services::add);
        assertEquals(List.of("ses"), services);
        assertEquals(whole.get("ses"), ofSes.get("ses"));
        assertEquals(1, new LocalMailbox(AWS.moto().endpoint()).messages().size());
    }

    private void played(String table, java.util.function.Function<String, Map<String, AttributeValue>> key) {
        dynamoDb.putItem(request -> request.tableName(table).item(with(key.apply("UPDATED"), "v", "before")));
        dynamoDb.putItem(request -> request.tableName(table).item(with(key.apply("DELETED"), "v", "before")));
        Iterator reader = new Iterator(table);
        assertEquals(List.of("INSERT UPDATED", "INSERT DELETED"), reader.readNew());

        // A put, an update and a delete are applied before the last condition fails; all three are undone.
        TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class,
                () -> dynamoDb.transactWriteItems(request -> request.transactItems(
                        put(table, with(key.apply("PUT"), "v", "new")),
                        TransactWriteItem.builder().update(update -> update.tableName(table).key(key.apply("UPDATED"))
                                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("after")))).build(),
                        TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(key.apply("DELETED"))).build(),
                        TransactWriteItem.builder().conditionCheck(check -> check.tableName(table).key(key.apply("MISSING"))
                                .conditionExpression("attribute_exists(pk)")).build())));
        assertEquals("ConditionalCheckFailed", cancelled.cancellationReasons().get(3).code());

        assertFalse(dynamoDb.getItem(request -> request.tableName(table).key(key.apply("PUT")).consistentRead(true)).hasItem());
        assertEquals("before", value(table, key.apply("UPDATED")));
        assertEquals("before", value(table, key.apply("DELETED")));
        dynamoDb.putItem(request -> request.tableName(table).item(with(key.apply("LATER"), "v", "1")));
        assertEquals(List.of("INSERT LATER"), reader.readNew(),
                "the cancelled writes left no record, and the iterator from before reads the same table on");
    }

    private String value(String table, Map<String, AttributeValue> key) {
        return dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item().get("v").s();
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(put -> put.tableName(table).item(item)).build();
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> key, String name, String value) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.put(name, s(value));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** One shard iterator, kept from read to read, as a reader that never looks for its place again. */
    private final class Iterator {
        private String next;

        Iterator(String table) {
            String arn = dynamoDb.describeTable(request -> request.tableName(table)).table().latestStreamArn();
            String shard = streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards().get(0).shardId();
            next = streams.getShardIterator(request -> request.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        }

        /** "EVENT key" for each record since the last read; the key is the range key where there is one. */
        List<String> readNew() {
            var read = streams.getRecords(request -> request.shardIterator(next));
            next = read.nextShardIterator();
            List<String> events = new ArrayList<>();
            for (Record record : read.records()) {
                Map<String, AttributeValue> keys = record.dynamodb().keys();
                events.add(record.eventNameAsString() + " " + (keys.containsKey("sk") ? keys.get("sk") : keys.get("pk")).s());
            }
            return events;
        }
    }
}
