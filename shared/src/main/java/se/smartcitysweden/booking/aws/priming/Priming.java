package se.smartcitysweden.booking.aws.priming;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.port.EmailMessage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * SnapStart priming: before the snapshot, a function runs its real path once on dry-run input
 * (parse, validate, render, sign) and makes one harmless read per AWS client, so the restored
 * function starts with its classes loaded and its clients' signing, TLS and HTTP set up.
 * Every step is a read or pure work; a failing step is logged and skipped, so priming never
 * stops a snapshot or a restore. (No SES types here: the submit function carries no SES client;
 * see {@link SesPriming}.)
 */
public final class Priming implements Resource {
    /** One step of the dry run. */
    public interface Step {
        void run() throws Exception;
    }

    /** What this JVM registered, for {@link #runRegistered()}; a function registers once per container. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();
    private final String function;
    private final Map<String, Step> steps = new LinkedHashMap<>();

    public Priming(String function) {
        this.function = function;
    }

    public Priming step(String name, Step step) {
        steps.put(name, step);
        return this;
    }

    /** A DynamoDB GetItem of a key no booking has: signs, connects, reads, changes nothing. */
    public Priming readTable(DynamoDbClient dynamoDb, String tableName) {
        return step("dynamodb-read", () -> dynamoDb.getItem(request -> request.tableName(tableName)
                .key(Map.of(BookingTable.PK, AttributeValue.fromS("PRIMING#snapstart")))));
    }

    /**
     * A TransactWriteItems of one ConditionCheck (the key is absent, as the condition asks): the
     * transaction's marshalling and answer, which submit's first booking needs, with nothing
     * written (it costs one write unit; IAM: dynamodb:ConditionCheckItem).
     */
    public Priming transactTable(DynamoDbClient dynamoDb, String tableName) {
        return step("dynamodb-transaction", () -> dynamoDb.transactWriteItems(request -> request.transactItems(
                item -> item.conditionCheck(check -> check.tableName(tableName)
                        .key(Map.of(BookingTable.PK, AttributeValue.fromS("PRIMING#snapstart")))
                        .conditionExpression("attribute_not_exists(" + BookingTable.PK + ")")))));
    }

    /**
     * A conditional UpdateItem refused by its condition (the key is absent; the condition asks for
     * it): the update's marshalling and the refusal's answer, as a function's first save meets them,
     * with nothing written and no stream record (IAM: dynamodb:UpdateItem).
     */
    public Priming refusedUpdate(DynamoDbClient dynamoDb, String tableName) {
        return step("dynamodb-update", () -> {
            try {
                dynamoDb.updateItem(request -> request.tableName(tableName)
                        .key(Map.of(BookingTable.PK, AttributeValue.fromS("PRIMING#snapstart")))
                        .updateExpression("SET #p = :p").conditionExpression("attribute_exists(" + BookingTable.PK + ")")
                        .expressionAttributeNames(Map.of("#p", "priming"))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("priming"))));
                throw new IllegalStateException("the priming update was not refused");
            } catch (ConditionalCheckFailedException refused) {
                // what the step is for
            }
        });
    }

    /**
     * The writes and queries functions make (PutItem, UpdateItem, DeleteItem, Query, BatchGetItem
     * and a transaction of each kind of item), each with conditions and expressions, through a
     * client with the function's settings whose HTTP client answers them itself
     * ({@link AnsweredLocally}): their SDK path runs, nothing reaches the table. The first
     * invocation's own writes otherwise load and run this code (BENCHMARKS.md, "SnapStart priming").
     */
    public Priming writesAnsweredLocally(String tableName) {
        return step("dynamodb-writes-answered-locally", () -> {
            try (DynamoDbClient dry = AnsweredLocally.dynamoDb("{}")) {
                Map<String, AttributeValue> key = Map.of(BookingTable.PK, AttributeValue.fromS("PRIMING#snapstart"));
                Map<String, AttributeValue> item = sampleItem();
                Map<String, String> names = Map.of("#p", "priming");
                Map<String, AttributeValue> values = Map.of(":p", AttributeValue.fromS("priming"), ":n", AttributeValue.fromN("1"));
                dry.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(" + BookingTable.PK + ")"));
                dry.updateItem(r -> r.tableName(tableName).key(key).updateExpression("SET #p = :p ADD version :n")
                        .conditionExpression("attribute_exists(" + BookingTable.PK + ")").expressionAttributeNames(names)
                        .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW));
                dry.deleteItem(r -> r.tableName(tableName).key(key).conditionExpression("#p = :p")
                        .expressionAttributeNames(names).expressionAttributeValues(Map.of(":p", AttributeValue.fromS("priming"))));
                dry.query(r -> r.tableName(tableName).indexName("priming").keyConditionExpression("#p = :p")
                        .filterExpression("attribute_exists(id)").expressionAttributeNames(names)
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("priming"))).limit(1).exclusiveStartKey(key));
                dry.batchGetItem(r -> r.requestItems(Map.of(tableName, KeysAndAttributes.builder().keys(key).build())));
                dry.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item)
                                .conditionExpression("attribute_not_exists(" + BookingTable.PK + ")")).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(tableName).key(key).updateExpression("SET #p = :p")
                                .expressionAttributeNames(names).expressionAttributeValues(Map.of(":p", AttributeValue.fromS("priming")))).build(),
                        TransactWriteItem.builder().delete(d -> d.tableName(tableName).key(key)).build(),
                        TransactWriteItem.builder().conditionCheck(c -> c.tableName(tableName).key(key)
                                .conditionExpression("attribute_not_exists(" + BookingTable.PK + ")")).build()));
            }
        });
    }

    /** A booking item as the table stores it, for rendering dry-run mails; no booking has its id. */
    public static Map<String, AttributeValue> sampleItem() {
        // Every part a booking can have (participants, countries, organiser...), so rendering it runs every branch.
        String details = "{\"node\":\"umea\",\"language\":\"en\",\"mainGoal\":\"learning\",\"purpose\":\"Priming\","
                + "\"focusAreas\":[\"energy\",\"urban-planning\"],\"focusDescription\":\"Priming\",\"meetCompanies\":true,"
                + "\"companyTypes\":\"Priming\",\"specialRequests\":\"Priming\","
                + "\"preferredDates\":[{\"from\":\"2030-09-11\",\"to\":\"2030-09-13\"},{\"from\":\"2030-10-02\",\"to\":\"2030-10-04\"}],"
                + "\"expectedParticipants\":2,\"participants\":[{\"name\":\"Priming\",\"organisation\":\"Priming\",\"role\":\"Priming\","
                + "\"email\":\"priming@example.org\",\"country\":\"PT\"}],\"contact\":{\"name\":\"Priming\",\"email\":\"priming@example.org\","
                + "\"phone\":\"+46 90 000 00 00\",\"organisation\":\"Priming\",\"country\":\"SE\"},"
                + "\"organiser\":{\"name\":\"Priming\",\"email\":\"organiser@example.org\",\"organisation\":\"Priming\"},\"message\":\"Priming\"}";
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(BookingTable.PK, AttributeValue.fromS("BOOKING#priming"));
        item.put("type", AttributeValue.fromS("booking"));
        item.put("id", AttributeValue.fromS("priming"));
        item.put("reference", AttributeValue.fromS("UME-PRIME"));
        item.put("node", AttributeValue.fromS("umea"));
        item.put("status", AttributeValue.fromS("submitted"));
        item.put("language", AttributeValue.fromS("en"));
        item.put("createdAt", AttributeValue.fromS("2030-01-01T09:00:00Z"));
        item.put("updatedAt", AttributeValue.fromS("2030-01-01T09:00:00Z"));
        item.put("version", AttributeValue.fromN("1"));
        item.put("details", AttributeValue.fromS(details));
        return item;
    }

    /** The sample item as DynamoDB answers a GetItem of it, for a client answered locally ({@link AnsweredLocally#dynamoDb}). */
    public static String sampleItemAnswer() {
        ObjectNode answer = Json.object();
        ObjectNode item = answer.putObject("Item");
        for (Map.Entry<String, AttributeValue> attribute : sampleItem().entrySet()) {
            AttributeValue value = attribute.getValue();
            if (value.n() != null) item.putObject(attribute.getKey()).put("N", value.n());
            else item.putObject(attribute.getKey()).put("S", value.s());
        }
        return Json.write(answer);
    }

    /** Builds a message's MIME as sending would, without sending it. */
    public static byte[] render(EmailMessage message) {
        return SesMailSender.mime(message);
    }

    /** Runs every step; returns how many failed (each logged, none thrown). */
    public int run() {
        int failed = 0;
        for (Map.Entry<String, Step> step : steps.entrySet()) {
            try {
                step.getValue().run();
            } catch (Exception | LinkageError e) {
                failed++;
                Log.warn("priming.step_failed").field("function", function).field("step", step.getKey()).error(e).write();
            }
        }
        Log.info("priming.done").field("function", function).field("steps", steps.size()).field("failed", failed).write();
        return failed;
    }

    /** Registers with SnapStart (CRaC); outside SnapStart nothing calls it but {@link #runRegistered()}. */
    public Priming register() {
        REGISTERED.add(this);
        Core.getGlobalContext().register(this);
        return this;
    }

    /** Runs what this JVM registered, as SnapStart does before its snapshot: the local measure of priming (BENCHMARKS.md). */
    public static int runRegistered() {
        int failed = 0;
        for (Priming priming : REGISTERED) failed += priming.run();
        return failed;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: credentials come from the restored function's environment.
    }
}
