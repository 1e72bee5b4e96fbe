package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.*;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.*;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.port.CalendarFeeds;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link CalendarFeeds} on the booking table: one {@code FEED#<node>} item with the token's SHA-256 and when it was
 * made. No TTL (a feed lives until revoked or renewed), and no {@code node} or {@code createdAt} attribute, so it
 * never shows in an index.
 */
public final class DynamoDbCalendarFeeds implements CalendarFeeds {
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbCalendarFeeds(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    private static Map<String, AttributeValue> key(Node node) {
        return Map.of(PK, AttributeValue.fromS("FEED#" + node.id()));
    }

    @Override
    public Optional<Feed> feed(Node node) {
        Map<String, AttributeValue> item = call("read", () -> dynamoDb.getItem(request -> request.tableName(tableName)
                .consistentRead(true).key(key(node))).item());
        if (item == null || !item.containsKey("tokenHash")) return Optional.empty();
        return Optional.of(new Feed(item.get("tokenHash").s(), Instant.parse(item.get("made").s())));
    }

    @Override
    public void save(Node node, String tokenHash, Instant createdAt) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(node));
        item.put(TYPE, AttributeValue.fromS("calendar-feed"));
        item.put("tokenHash", AttributeValue.fromS(tokenHash));
        item.put("made", AttributeValue.fromS(createdAt.toString()));
        run("write", () -> dynamoDb.putItem(request -> request.tableName(tableName).item(item)));
    }

    @Override
    public void revoke(Node node) {
        run("write", () -> dynamoDb.deleteItem(request -> request.tableName(tableName).key(key(node))));
    }
}
