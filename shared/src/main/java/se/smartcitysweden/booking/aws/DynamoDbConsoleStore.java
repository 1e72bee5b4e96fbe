package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.*;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.port.ConsoleStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link ConsoleStore} on the booking table: bookings through the {@code byNode} index,
 * {@code SIGNIN#<sha256 of the token>} items used up by one conditional write (and gone by TTL),
 * {@code SESSION#<sha256 of the session id>} items (deleted at sign-out, else gone by TTL at the
 * session's expiry), {@code AUDIT#<time>#<random>} lines, the sign-in links' counters ({@link DynamoDbLimitCounter}), the overview's rows through
 * {@link DynamoDbOverviewRows} (BatchGetItem). None of the console's own items carries
 * {@code node}, {@code createdAt} or {@code dueBucket}, so none ever shows in an index.
 */
public final class DynamoDbConsoleStore implements ConsoleStore {
    /** How long audit lines are kept (TTL): they hold identifiers only. */
    public static final Duration AUDIT_KEPT = Duration.ofDays(730);
    private final DynamoDbClient dynamoDb;
    private final String tableName;
    /** The bookings are read as the rest of the system reads them. */
    private final DynamoDbBookingCaseRepository cases;
    private final DynamoDbOverviewRows overview;
    private final DynamoDbLimitCounter limits;

    /** The booking table (bookings, sign-ins, sessions, audit) and the overview rows' own table. */
    public DynamoDbConsoleStore(DynamoDbClient dynamoDb, String tableName, String overviewTableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.cases = new DynamoDbBookingCaseRepository(dynamoDb, tableName);
        this.overview = new DynamoDbOverviewRows(dynamoDb, overviewTableName);
        this.limits = new DynamoDbLimitCounter(dynamoDb, tableName);
    }

    @Override
    public List<BookingCase> ofNode(Node node, Instant from, Instant to) {
        // The console's period is half-open; the index range (BETWEEN) includes its upper end.
        return cases.submittedBetween(node, from, to).stream()
                .filter(c -> c.booking().createdAt().isBefore(to)).toList();
    }

    /** Items DynamoDB read for this store's booking queries so far. */
    public long itemsRead() {
        return cases.itemsRead();
    }

    @Override
    public List<OverviewRow> overviewRows(Collection<Node> nodes, LocalDate from, LocalDate to) {
        return overview.between(nodes, from, to);
    }

    @Override
    public Optional<BookingCase> load(String bookingId) {
        return cases.load(bookingId);
    }

    @Override
    public void issueSignIn(String tokenHash, Principal principal, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS("SIGNIN#" + tokenHash));
        item.put(TYPE, AttributeValue.fromS("signin"));
        item.put("who", AttributeValue.fromS(principal.who()));
        item.put("nodes", AttributeValue.fromS(principal.nodes().stream().map(Node::id).sorted().collect(Collectors.joining(","))));
        item.put("national", AttributeValue.fromBool(principal.national()));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        run("write", () -> dynamoDb.putItem(request -> request.tableName(tableName).item(item)
                .conditionExpression("attribute_not_exists(" + PK + ")")));
    }

    @Override
    public Optional<Principal> consumeSignIn(String tokenHash, Instant now) {
        return conditional("update", () -> {
            Map<String, AttributeValue> item = dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of(PK, AttributeValue.fromS("SIGNIN#" + tokenHash)))
                    .updateExpression("SET usedAt = :now")
                    // Exists, unused, unexpired (TTL deletes late, so the expiry is checked here).
                    .conditionExpression("attribute_exists(" + PK + ") AND attribute_not_exists(usedAt) AND " + EXPIRES_AT + " > :epoch")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()),
                            ":epoch", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            Set<Node> nodes = EnumSet.noneOf(Node.class);
            for (String id : item.get("nodes").s().split(",")) Node.fromId(id).ifPresent(nodes::add);
            return Optional.of(new Principal(item.get("who").s(), nodes, Boolean.TRUE.equals(item.get("national").bool())));
        }, unknownUsedOrExpired -> Optional.empty());
    }

    /** The sign-in links per address, counted as every public limit is (LIMIT# items, gone by TTL). */
    @Override
    public boolean count(String key, String occurrence, int limit, Instant expiresAt) {
        return limits.count(key, occurrence, limit, expiresAt);
    }

    @Override
    public void startSession(String idHash, Instant expiresAt) {
        Map<String, AttributeValue> item = Map.of(PK, AttributeValue.fromS("SESSION#" + idHash), TYPE, AttributeValue.fromS("session"),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        run("write", () -> dynamoDb.putItem(request -> request.tableName(tableName).item(item)
                .conditionExpression("attribute_not_exists(" + PK + ")")));
    }

    @Override
    public boolean sessionActive(String idHash, Instant now) {
        Map<String, AttributeValue> item = call("read", () -> dynamoDb.getItem(request -> request.tableName(tableName)
                .consistentRead(true).key(Map.of(PK, AttributeValue.fromS("SESSION#" + idHash)))).item());
        // TTL deletes late, so the expiry is checked here too.
        return item != null && item.containsKey(EXPIRES_AT) && Long.parseLong(item.get(EXPIRES_AT).n()) > now.getEpochSecond();
    }

    @Override
    public void endSession(String idHash) {
        run("write", () -> dynamoDb.deleteItem(request -> request.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS("SESSION#" + idHash)))));
    }

    @Override
    public void audit(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS("AUDIT#" + entry.at() + "#" + UUID.randomUUID()));
        item.put(TYPE, AttributeValue.fromS("audit"));
        item.put("at", AttributeValue.fromS(entry.at().toString()));
        item.put("who", AttributeValue.fromS(entry.who()));
        item.put("action", AttributeValue.fromS(entry.action()));
        item.put("target", AttributeValue.fromS(entry.target()));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(entry.at().plus(AUDIT_KEPT).getEpochSecond())));
        run("write", () -> dynamoDb.putItem(request -> request.tableName(tableName).item(item)));
    }
}
