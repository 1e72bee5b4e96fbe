package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.*;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.*;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.port.LimitCounter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link LimitCounter} on the booking table: one {@code LIMIT#<key>} item per key (the key holds
 * hashes only), with the count {@code n}, the hashes of the occurrences counted ({@code seen}, at
 * most the limit's number) and the TTL {@code expiresAt}. Counting is one UpdateItem: ADD to the
 * count on condition that it is under the limit and the occurrence is new. Like the console's items
 * it carries no {@code node}, {@code createdAt} or {@code dueBucket}, so it is in no index, nor
 * {@code type = booking}, so no stream consumer reads it.
 */
public final class DynamoDbLimitCounter implements LimitCounter {
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbLimitCounter(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public boolean count(String key, String occurrence, int limit, Instant expiresAt) {
        return conditional("update", () -> {
            dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of(PK, AttributeValue.fromS("LIMIT#" + key)))
                    .updateExpression("ADD #n :one, #seen :occurrences SET #type = :type, " + EXPIRES_AT + " = :expires")
                    .conditionExpression("attribute_not_exists(#n) OR (#n < :limit AND NOT contains(#seen, :occurrence))")
                    .expressionAttributeNames(Map.of("#type", TYPE, "#n", "n", "#seen", "seen"))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":occurrences", AttributeValue.fromSs(List.of(occurrence)),
                            ":occurrence", AttributeValue.fromS(occurrence),
                            ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":type", AttributeValue.fromS("limit"),
                            ":expires", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                    // Why it failed, in the same call: this occurrence counted before, or the limit reached.
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        }, refused -> {
            AttributeValue seen = refused.hasItem() ? refused.item().get("seen") : null;
            return seen != null && seen.hasSs() && seen.ss().contains(occurrence);
        });
    }
}
