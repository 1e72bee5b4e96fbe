package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.*;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** {@link BookingCaseRepository} on the booking table, with optimistic locking on {@code version}. */
public final class DynamoDbBookingCaseRepository implements BookingCaseRepository {
    public static final String WORKFLOW = "workflow";
    /** Why a first e-mail failed: SES's words may quote an address, so they go with the personal data. */
    private static final List<String> MAIL_ERRORS = List.of("coordinatorMailError", "visitorMailError");

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final PersonalData personalData;
    private final java.util.concurrent.atomic.AtomicLong itemsRead = new java.util.concurrent.atomic.AtomicLong();

    public DynamoDbBookingCaseRepository(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, PersonalData.DEFAULT);
    }

    public DynamoDbBookingCaseRepository(DynamoDbClient dynamoDb, String tableName, PersonalData personalData) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.personalData = personalData;
    }

    @Override
    public Optional<BookingCase> load(String id) {
        Map<String, AttributeValue> item = call("read", () -> dynamoDb.getItem(request -> request.tableName(tableName)
                .consistentRead(true).key(Map.of(PK, AttributeValue.fromS(bookingKey(id))))).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toCase(item));
    }

    @Override
    public boolean save(BookingCase changed, Optional<Instant> nextDue, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", AttributeValue.fromS(changed.status().id()));
        values.put(":workflow", AttributeValue.fromS(WorkflowDocument.write(changed.workflow())));
        // The request too: anonymisation changes it, and so does the visitor (participants, dates).
        values.put(":details", AttributeValue.fromS(Json.write(BookingDocument.toJson(changed.booking().request()))));
        values.put(":now", AttributeValue.fromS(now.toString()));
        values.put(":expected", AttributeValue.fromN(Long.toString(changed.version())));
        values.put(":next", AttributeValue.fromN(Long.toString(changed.version() + 1)));
        StringBuilder set = new StringBuilder("SET #status = :status, " + WORKFLOW + " = :workflow, " + DETAILS + " = :details, "
                + UPDATED_AT + " = :now, " + VERSION + " = :next");
        List<String> remove = new ArrayList<>();
        if (nextDue.isPresent()) {
            set.append(", ").append(DUE_BUCKET).append(" = :bucket, ").append(DUE_AT).append(" = :dueAt");
            values.put(":bucket", AttributeValue.fromS(DUE_BUCKET_VALUE));
            values.put(":dueAt", AttributeValue.fromS(nextDue.get().toString()));
        } else {
            remove.add(DUE_BUCKET);
            remove.add(DUE_AT);
        }
        if (PersonalData.isAnonymised(changed.workflow())) {
            // The e-mails' addresses go first: if that fails nothing is anonymised and the caller tries again;
            // if the booking's write then loses to another, the caller anonymises again (erasing twice is harmless).
            new DynamoDbMailLog(dynamoDb, tableName).erase(changed.id());
            // Nothing personal is left: the statistical record is kept for national reporting, without a TTL.
            remove.add(EXPIRES_AT);
            remove.addAll(MAIL_ERRORS);
        } else {
            // Every save sets it again from the case: a visit agreed or moved moves the deadline with it.
            set.append(", ").append(EXPIRES_AT).append(" = :expires");
            values.put(":expires", AttributeValue.fromN(Long.toString(
                    personalData.expiresAt(changed.booking(), changed.workflow().visit()).getEpochSecond())));
        }
        String update = set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        // Refused: changed meanwhile.
        return conditional("update", () -> dynamoDb.updateItem(request -> request.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS(bookingKey(changed.id()))))
                .updateExpression(update)
                .conditionExpression(VERSION + " = :expected")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(values)));
    }

    @Override
    public List<BookingCase> due(Instant now) {
        return query(QueryRequest.builder().tableName(tableName).indexName(INDEX_DUE_WORK)
                .keyConditionExpression(DUE_BUCKET + " = :bucket AND " + DUE_AT + " <= :now")
                .expressionAttributeValues(Map.of(":bucket", AttributeValue.fromS(DUE_BUCKET_VALUE),
                        ":now", AttributeValue.fromS(now.toString())))
                .build());
    }

    @Override
    public List<BookingCase> submittedSince(Node node, Instant since) {
        return query(QueryRequest.builder().tableName(tableName).indexName(INDEX_BY_NODE)
                .keyConditionExpression("#node = :node AND " + CREATED_AT + " >= :since")
                .expressionAttributeNames(Map.of("#node", NODE))
                .expressionAttributeValues(Map.of(":node", AttributeValue.fromS(node.id()),
                        ":since", AttributeValue.fromS(since.toString())))
                .build());
    }

    /** One node's range of the byNode index (its sort key is the creation time), never a scan. */
    @Override
    public List<BookingCase> submittedBetween(Node node, Instant from, Instant to) {
        return query(QueryRequest.builder().tableName(tableName).indexName(INDEX_BY_NODE)
                .keyConditionExpression("#node = :node AND " + CREATED_AT + " BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#node", NODE))
                .expressionAttributeValues(Map.of(":node", AttributeValue.fromS(node.id()),
                        ":from", AttributeValue.fromS(from.toString()), ":to", AttributeValue.fromS(to.toString())))
                .build());
    }

    @Override
    public boolean claimOnce(String key, Instant now, Duration keep) {
        // Refused: claimed already.
        return conditional("write", () -> dynamoDb.putItem(request -> request.tableName(tableName)
                .item(Map.of(PK, AttributeValue.fromS("ONCE#" + key), CREATED_AT, AttributeValue.fromS(now.toString()),
                        EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(keep).getEpochSecond()))))
                .conditionExpression("attribute_not_exists(" + PK + ")")));
    }

    @Override
    public void releaseOnce(String key) {
        run("delete", () -> dynamoDb.deleteItem(request -> request.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS("ONCE#" + key)))));
    }

    /** Pages through a query; also counts what DynamoDB read, for the cost benchmark. */
    private List<BookingCase> query(QueryRequest first) {
        return call("query", () -> {
            List<BookingCase> cases = new ArrayList<>();
            QueryRequest request = first;
            while (true) {
                QueryResponse response = dynamoDb.query(request);
                itemsRead.addAndGet(response.scannedCount());
                response.items().forEach(item -> cases.add(toCase(item)));
                if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) return cases;
                request = request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build();
            }
        });
    }

    /** Items DynamoDB read for this repository's queries so far (ScannedCount), for the cost benchmark. */
    public long itemsRead() {
        return itemsRead.get();
    }

    public static BookingCase toCase(Map<String, AttributeValue> item) {
        AttributeValue version = item.get(VERSION);
        AttributeValue workflow = item.get(WORKFLOW);
        AttributeValue notification = item.get(NOTIFICATION);
        return new BookingCase(DynamoDbBookingRepository.toBooking(item),
                version == null ? 1 : Long.parseLong(version.n()),
                WorkflowDocument.read(workflow == null ? null : workflow.s()),
                notification == null ? "pending" : notification.s());
    }
}
