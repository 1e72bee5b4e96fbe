package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.PK;
import static se.smartcitysweden.booking.aws.BookingTable.TYPE;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.call;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.conditional;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.smartcitysweden.booking.port.MailLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@link MailLog} as one item per booking beside it, {@code MAILS#<bookingId>} (type {@code mails}, so
 * the stream's filters, which take bookings only, pass it by), with three attributes per message, named by its
 * id: {@code m:<id>} its kind and time ({@code kind|instant}), {@code r:<id>} its recipients, {@code d:<id>}
 * the provider's reports (a string set: a repeated report adds nothing). Only UpdateItem and GetItem, which
 * every function that sends mail may already call. An item holds 400 KB: some 1,400 messages of some 280 bytes (SES ids are 60 characters); a booking gets a few dozen.
 */
public final class DynamoDbMailLog implements MailLog {
    public static final String TYPE_MAILS = "mails";
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbMailLog(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** {@code sender}, recording what it sends about a booking in this table's mail log. */
    public static se.smartcitysweden.booking.port.MailSender recording(se.smartcitysweden.booking.port.MailSender sender,
                                                                      DynamoDbClient dynamoDb, String tableName) {
        return recording(sender, dynamoDb, tableName, java.time.Clock.systemUTC());
    }

    /** The same, the log's times from {@code clock} (the function's: the local runtime's may be set ahead). */
    public static se.smartcitysweden.booking.port.MailSender recording(se.smartcitysweden.booking.port.MailSender sender,
                                                                      DynamoDbClient dynamoDb, String tableName,
                                                                      java.time.Clock clock) {
        return new se.smartcitysweden.booking.notification.RecordingMailSender(sender, new DynamoDbMailLog(dynamoDb, tableName), clock);
    }

    public static String key(String bookingId) {
        return "MAILS#" + bookingId;
    }

    @Override
    public void sent(String bookingId, Sent mail) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", AttributeValue.fromS(TYPE_MAILS));
        values.put(":m", AttributeValue.fromS(mail.kind() + "|" + mail.at()));
        values.put(":r", AttributeValue.fromL(mail.to().stream().map(AttributeValue::fromS).toList()));
        run("update", () -> dynamoDb.updateItem(request -> request.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS(key(bookingId))))
                // The first record of a message stays: a retried write finds it and changes nothing.
                .updateExpression("SET #type = :type, #m = if_not_exists(#m, :m), #r = if_not_exists(#r, :r)")
                .expressionAttributeNames(Map.of("#type", TYPE, "#m", "m:" + mail.messageId(), "#r", "r:" + mail.messageId()))
                .expressionAttributeValues(values)));
    }

    @Override
    public void reported(String bookingId, String messageId, String report) {
        // Only to a log that exists: a report of a message from before this log, or of an erased booking, is not kept.
        conditional("update", () -> dynamoDb.updateItem(request -> request.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS(key(bookingId))))
                .updateExpression("ADD #d :d")
                .conditionExpression("attribute_exists(#m) AND attribute_exists(#r)")
                .expressionAttributeNames(Map.of("#d", "d:" + messageId, "#m", "m:" + messageId, "#r", "r:" + messageId))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromSs(List.of(report))))));
    }

    @Override
    public List<Sent> of(String bookingId) {
        Map<String, AttributeValue> item = item(bookingId);
        List<Sent> mails = new ArrayList<>();
        item.forEach((name, value) -> {
            if (!name.startsWith("m:") || value.s() == null) return;
            String id = name.substring(2);
            int bar = value.s().lastIndexOf('|');
            if (bar < 0) return;
            Instant at;
            try {
                at = Instant.parse(value.s().substring(bar + 1));
            } catch (java.time.DateTimeException unreadable) {
                return;
            }
            AttributeValue to = item.get("r:" + id);
            AttributeValue reports = item.get("d:" + id);
            mails.add(new Sent(id, value.s().substring(0, bar), at,
                    to == null || !to.hasL() ? List.of() : to.l().stream().map(AttributeValue::s).toList(),
                    reports == null || !reports.hasSs() ? Set.of() : new HashSet<>(reports.ss())));
        });
        mails.sort(Comparator.comparing(Sent::at).thenComparing(Sent::messageId));
        return mails;
    }

    @Override
    public void erase(String bookingId) {
        Map<String, AttributeValue> item = item(bookingId);
        List<String> personal = item.keySet().stream().filter(n -> n.startsWith("r:") || n.startsWith("d:")).toList();
        if (personal.isEmpty()) return;
        Map<String, String> names = new HashMap<>();
        List<String> remove = new ArrayList<>();
        for (int i = 0; i < personal.size(); i++) {
            names.put("#a" + i, personal.get(i));
            remove.add("#a" + i);
        }
        run("update", () -> dynamoDb.updateItem(request -> request.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS(key(bookingId))))
                .updateExpression("REMOVE " + String.join(", ", remove))
                .expressionAttributeNames(names)));
    }

    private Map<String, AttributeValue> item(String bookingId) {
        Map<String, AttributeValue> item = call("read", () -> dynamoDb.getItem(request -> request.tableName(tableName)
                .consistentRead(true).key(Map.of(PK, AttributeValue.fromS(key(bookingId))))).item());
        return item == null ? Map.of() : item;
    }
}
