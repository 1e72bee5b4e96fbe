package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.*;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.*;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.port.NotificationStore;
import se.smartcitysweden.booking.port.StorageUnavailableException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link NotificationStore} as attributes of the booking item: {@code coordinatorMail} and
 * {@code visitorMail} (pending when absent, then sending, sent, failed or skipped), each with its time.
 */
public final class DynamoDbNotificationStore implements NotificationStore {
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbNotificationStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public static String stateAttribute(Mail mail) {
        return mail == Mail.COORDINATOR ? "coordinatorMail" : "visitorMail";
    }

    private static String timeAttribute(Mail mail) {
        return stateAttribute(mail) + "At";
    }

    @Override
    public Claim claim(String bookingId, Mail mail, Instant now, Duration staleAfter) {
        String update = "SET #state = :sending, #at = :now";
        String condition = "attribute_exists(" + PK + ") AND (attribute_not_exists(#state) OR #state = :pending"
                + " OR (#state = :sending AND #at < :stale))";
        return conditional("update", () -> {
            dynamoDb.updateItem(request -> request.tableName(tableName).key(Map.of(PK, s(bookingKey(bookingId))))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names(mail, update + condition))
                    .expressionAttributeValues(Map.of(":sending", s("sending"), ":pending", s("pending"),
                            ":now", s(now.toString()), ":stale", s(now.minus(staleAfter).toString())))
                    // Why the claim failed, in the same call: done, or held by another sender.
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Claim.CLAIMED;
        }, taken -> {
            Map<String, AttributeValue> item = taken.hasItem() ? taken.item() : Map.of();
            if (item.isEmpty()) return Claim.ALREADY_SENT; // the booking is gone: nothing to send
            AttributeValue state = item.get(stateAttribute(mail));
            String current = state == null ? "" : state.s();
            if ("sent".equals(current)) return Claim.ALREADY_SENT;
            if ("failed".equals(current)) return Claim.ALREADY_FAILED;
            if ("skipped".equals(current)) return Claim.ALREADY_SENT; // not to be sent, on purpose: done
            return Claim.HELD;
        });
    }

    @Override
    public void markSent(String bookingId, Mail mail, String messageId, Instant now) {
        update(bookingId, "SET #state = :sent, #at = :now, " + stateAttribute(mail) + "Id = :id", null, mail,
                Map.of(":sent", s("sent"), ":now", s(now.toString()), ":id", s(messageId)));
    }

    @Override
    public void release(String bookingId, Mail mail) {
        update(bookingId, "SET #state = :pending", "#state = :sending", mail, Map.of(":pending", s("pending"),
                ":sending", s("sending")));
    }

    @Override
    public void markFailed(String bookingId, Mail mail, String reason, Instant now) {
        update(bookingId, "SET #state = :failed, #at = :now, " + stateAttribute(mail) + "Error = :reason", null, mail,
                Map.of(":failed", s("failed"), ":now", s(now.toString()), ":reason", s(reason)));
    }

    @Override
    public void markSkipped(String bookingId, Mail mail, Workflow.HistoryEntry why, Instant now) {
        // The mail state's error is a code for operators: the line's detail in its stored form ("contact-address-limit").
        appendHistory(bookingId, why, now, ", " + stateAttribute(mail) + " = :skipped, " + timeAttribute(mail) + " = :now, "
                + stateAttribute(mail) + "Error = :reason", Map.of(":skipped", s("skipped"), ":reason", s(why.detail())));
    }

    @Override
    public void recordHistory(String bookingId, Workflow.HistoryEntry entry, Instant now) {
        appendHistory(bookingId, entry, now, "", Map.of());
    }

    /**
     * The history is a document of the booking item, changed under its version as the coordinators'
     * actions change it (DynamoDbBookingCaseRepository): read, add the line, write on condition that
     * the version is the one read (and raise it); a concurrent change means reading again.
     */
    private void appendHistory(String bookingId, Workflow.HistoryEntry entry, Instant now, String alsoSet,
                               Map<String, AttributeValue> alsoValues) {
        Map<String, AttributeValue> key = Map.of(PK, s(bookingKey(bookingId)));
        for (int attempt = 1; attempt <= 5; attempt++) {
            Map<String, AttributeValue> item = call("read", () -> dynamoDb.getItem(request -> request.tableName(tableName).key(key)
                    .consistentRead(true)).item());
            if (item == null || item.isEmpty()) return; // the booking is gone: nothing to record
            AttributeValue document = item.get(DynamoDbBookingCaseRepository.WORKFLOW);
            Workflow workflow = WorkflowDocument.read(document == null ? null : document.s());
            boolean recorded = workflow.history().stream().anyMatch(h -> h.event().equals(entry.event()));
            AttributeValue version = item.get(VERSION);
            long expected = version == null ? 1 : Long.parseLong(version.n());
            Map<String, AttributeValue> values = new HashMap<>(alsoValues);
            values.put(":workflow", s(WorkflowDocument.write(recorded ? workflow : workflow.with(entry))));
            values.put(":now", s(now.toString()));
            values.put(":next", AttributeValue.fromN(Long.toString(expected + 1)));
            String condition;
            if (version == null) {
                condition = "attribute_exists(" + PK + ") AND attribute_not_exists(" + VERSION + ")";
            } else {
                condition = VERSION + " = :expected";
                values.put(":expected", version);
            }
            boolean written = conditional("update", () -> dynamoDb.updateItem(request -> request.tableName(tableName).key(key)
                    .updateExpression("SET " + DynamoDbBookingCaseRepository.WORKFLOW + " = :workflow, " + UPDATED_AT
                            + " = :now, " + VERSION + " = :next" + alsoSet)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)));
            if (written) return;
            // refused: a coordinator (or the visitor) changed the booking meanwhile: read it again
        }
        throw new StorageUnavailableException("the booking kept changing", null);
    }

    @Override
    public void markNotification(String bookingId, String state, Instant now) {
        // Refused: the booking was deleted meanwhile, nothing to record.
        conditional("update", () -> dynamoDb.updateItem(request -> request.tableName(tableName)
                .key(Map.of(PK, s(bookingKey(bookingId))))
                .updateExpression("SET #n = :state, " + UPDATED_AT + " = :now")
                .conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeNames(Map.of("#n", NOTIFICATION))
                .expressionAttributeValues(Map.of(":state", s(state), ":now", s(now.toString())))));
    }

    private boolean update(String bookingId, String update, String condition, Mail mail,
                           Map<String, AttributeValue> values) {
        return conditional("update", () -> dynamoDb.updateItem(request -> {
            request.tableName(tableName).key(Map.of(PK, s(bookingKey(bookingId))))
                    .updateExpression(update)
                    .expressionAttributeNames(names(mail, update + condition))
                    .expressionAttributeValues(values);
            if (condition != null) request.conditionExpression(condition);
        }));
    }

    /** DynamoDB refuses names an expression does not use, so only those used are passed. */
    private static Map<String, String> names(Mail mail, String expressions) {
        return expressions.contains("#at") ? Map.of("#state", stateAttribute(mail), "#at", timeAttribute(mail))
                : Map.of("#state", stateAttribute(mail));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
