package se.smartcitysweden.booking.aws;

/**
 * The single table's item layout. One partition key, {@code pk}; item kinds by prefix:
 * {@code BOOKING#<id>} (the booking), {@code REFERENCE#<ref>} (keeps references unique),
 * {@code IDEMPOTENCY#<key>} (a client's Idempotency-Key, expiring after 24 h through TTL).
 */
public final class BookingTable {
    private BookingTable() { }

    public static final String PK = "pk";
    public static final String TYPE = "type";
    public static final String TYPE_BOOKING = "booking";
    public static final String ID = "id";
    public static final String REFERENCE = "reference";
    public static final String NODE = "node";
    public static final String STATUS = "status";
    public static final String LANGUAGE = "language";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String VERSION = "version";
    public static final String DETAILS = "details";
    /** Notification state of a new booking: pending, sending, sent or failed. */
    public static final String NOTIFICATION = "notification";
    /** Sparse due-work index: present while the follow-up has something to do with the booking. */
    public static final String DUE_BUCKET = "dueBucket";
    public static final String DUE_AT = "dueAt";
    public static final String DUE_BUCKET_VALUE = "due";
    /** TTL attribute, epoch seconds. */
    public static final String EXPIRES_AT = "expiresAt";
    public static final String BODY_HASH = "bodyHash";
    public static final String BOOKING_ID = "bookingId";

    public static final String INDEX_BY_NODE = "byNode";
    public static final String INDEX_DUE_WORK = "dueWork";

    public static String bookingKey(String id) { return "BOOKING#" + id; }

    public static String referenceKey(String reference) { return "REFERENCE#" + reference; }

    public static String idempotencyKey(String key) { return "IDEMPOTENCY#" + key; }
}
