package se.smartcitysweden.booking.aws;

import static se.smartcitysweden.booking.aws.BookingTable.*;
import static se.smartcitysweden.booking.aws.DynamoDbCalls.*;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.port.BookingRepository;
import se.smartcitysweden.booking.port.IdempotencyRecord;
import se.smartcitysweden.booking.port.StorageUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link BookingRepository} on one DynamoDB table, with low-level calls (no reflection at start). */
public final class DynamoDbBookingRepository implements BookingRepository {
    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final PersonalData personalData;

    public DynamoDbBookingRepository(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, PersonalData.DEFAULT);
    }

    public DynamoDbBookingRepository(DynamoDbClient dynamoDb, String tableName, PersonalData personalData) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.personalData = personalData;
    }

    @Override
    public CreateResult create(Booking booking, Optional<IdempotencyRecord> idempotency) {
        String notExists = "attribute_not_exists(" + PK + ")";
        List<TransactWriteItem> writes = new java.util.ArrayList<>(List.of(
                put(bookingItem(booking, personalData), notExists, Map.of()),
                put(Map.of(PK, s(referenceKey(booking.reference())), BOOKING_ID, s(booking.id())), notExists, Map.of())));
        idempotency.ifPresent(record -> writes.add(put(idempotencyItem(record),
                notExists + " OR " + EXPIRES_AT + " < :now",
                Map.of(":now", n(booking.createdAt().getEpochSecond())))));
        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(writes));
            return new CreateResult.Created();
        } catch (TransactionCanceledException e) {
            return whyCancelled(e.cancellationReasons(), idempotency, booking.createdAt());
        } catch (SdkException e) {
            throw certainlyNotWritten(e) ? new StorageUnavailableException("DynamoDB write refused", e)
                    : StorageUnavailableException.outcomeUnknown("DynamoDB write failed, outcome unknown", e);
        }
    }

    /**
     * True only when no try of the call can have written: DynamoDB refused it (a 4xx such as
     * throttling, before it accepts any work) or no connection was ever made. A timeout, a 5xx or
     * a connection lost mid-way may come after the write: outcome unknown. The SDK's earlier tries
     * of the same call must be certain too; it keeps them only as suppressed exceptions holding
     * the original message ("Request attempt 1 failure: …"), so those are read by their words.
     */
    static boolean certainlyNotWritten(Throwable failure) {
        if (!refusedBeforeWriting(failure)) return false;
        for (Throwable earlier : failure.getSuppressed()) {
            String message = String.valueOf(earlier.getMessage());
            if (!(EARLIER_REFUSED.matcher(message).find() || refusedBeforeWriting(earlier))) return false;
        }
        return true;
    }

    private static final java.util.regex.Pattern EARLIER_REFUSED =
            java.util.regex.Pattern.compile("Status Code: 4\\d\\d|Connection refused|UnknownHostException|No route to host");

    private static boolean refusedBeforeWriting(Throwable failure) {
        if (failure instanceof AwsServiceException service) {
            int status = service.statusCode();
            return status >= 400 && status < 500;
        }
        return ConnectionFailures.neverConnected(failure);
    }

    private CreateResult whyCancelled(List<CancellationReason> reasons, Optional<IdempotencyRecord> idempotency,
                                      Instant now) {
        // The booking's id is new (a random UUID): if its item exists, an earlier try of this very
        // call (the SDK retries after a lost answer) wrote the whole transaction.
        if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
            return new CreateResult.Created();
        }
        boolean referenceTaken = reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code());
        boolean keyTaken = reasons.size() > 2 && "ConditionalCheckFailed".equals(reasons.get(2).code());
        if (keyTaken && idempotency.isPresent()) {
            Optional<IdempotencyRecord> existing = findIdempotencyRecord(idempotency.get().key());
            if (existing.isPresent() && existing.get().isLiveAt(now)) {
                return new CreateResult.IdempotencyKeyTaken(existing.get());
            }
            return new CreateResult.Contended();
        }
        return referenceTaken ? new CreateResult.ReferenceTaken() : new CreateResult.Contended();
    }

    @Override
    public Optional<Booking> findById(String id) {
        GetItemResponse response = get(bookingKey(id));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toBooking(response.item())) : Optional.empty();
    }

    Optional<IdempotencyRecord> findIdempotencyRecord(String key) {
        GetItemResponse response = get(idempotencyKey(key));
        if (!response.hasItem() || response.item().isEmpty()) return Optional.empty();
        Map<String, AttributeValue> item = response.item();
        return Optional.of(new IdempotencyRecord(key, item.get(BODY_HASH).s(), item.get(BOOKING_ID).s(),
                item.get(REFERENCE).s(), Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()))));
    }

    private GetItemResponse get(String pk) {
        return call("read", () -> dynamoDb.getItem(request -> request.tableName(tableName).consistentRead(true)
                .key(Map.of(PK, s(pk)))));
    }

    /** The item of a booking; public so that tests and the local runtime can read what is stored. */
    public static Map<String, AttributeValue> bookingItem(Booking booking) {
        return bookingItem(booking, PersonalData.DEFAULT);
    }

    /** The item of a booking, with the moment its personal data expires (the table's TTL) from the start. */
    public static Map<String, AttributeValue> bookingItem(Booking booking, PersonalData personalData) {
        String createdAt = booking.createdAt().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(bookingKey(booking.id())));
        item.put(TYPE, s(TYPE_BOOKING));
        item.put(ID, s(booking.id()));
        item.put(REFERENCE, s(booking.reference()));
        item.put(NODE, s(booking.node().id()));
        item.put(STATUS, s(booking.status().id()));
        item.put(LANGUAGE, s(booking.language().code()));
        item.put(CREATED_AT, s(createdAt));
        item.put(UPDATED_AT, s(createdAt));
        item.put(VERSION, n(1));
        item.put(DETAILS, s(Json.write(BookingDocument.toJson(booking.request()))));
        item.put(NOTIFICATION, s("pending"));
        item.put(DUE_BUCKET, s(DUE_BUCKET_VALUE));
        item.put(DUE_AT, s(booking.createdAt().plus(Booking.FIRST_MAILS_GRACE).toString()));
        item.put(EXPIRES_AT, n(personalData.expiresAt(booking, Optional.empty()).getEpochSecond()));
        return item;
    }

    /** Reads a booking item (also from a stream image); throws {@link IllegalArgumentException} if it is not one. */
    public static Booking toBooking(Map<String, AttributeValue> item) {
        try {
            return new Booking(item.get(ID).s(), item.get(REFERENCE).s(),
                    BookingStatus.fromId(item.get(STATUS).s()).orElseThrow(),
                    Instant.parse(item.get(CREATED_AT).s()),
                    BookingDocument.fromJson(Json.parse(item.get(DETAILS).s())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a booking item", e);
        }
    }

    private static Map<String, AttributeValue> idempotencyItem(IdempotencyRecord record) {
        return Map.of(PK, s(idempotencyKey(record.key())), BODY_HASH, s(record.bodyHash()),
                BOOKING_ID, s(record.bookingId()), REFERENCE, s(record.reference()),
                EXPIRES_AT, n(record.expiresAt().getEpochSecond()));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(tableName).item(item).conditionExpression(condition);
        if (!values.isEmpty()) put.expressionAttributeValues(values);
        return TransactWriteItem.builder().put(put.build()).build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
