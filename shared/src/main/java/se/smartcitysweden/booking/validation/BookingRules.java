package se.smartcitysweden.booking.validation;

/** The limits of a booking request, in one place for the server and the form. */
public final class BookingRules {
    private BookingRules() { }

    public static final int MAX_LONG_TEXT = 2_000;
    public static final int MAX_MESSAGE = 5_000;
    public static final int MAX_SHORT_TEXT = 200;
    public static final int MAX_PHONE = 40;
    public static final int MIN_FOCUS_AREAS = 1;
    public static final int MAX_FOCUS_AREAS = 7;
    public static final int MIN_DATE_RANGES = 1;
    public static final int MAX_DATE_RANGES = 3;
    public static final int MAX_RANGE_DAYS = 31;
    public static final int BOOKING_HORIZON_YEARS = 2;
    public static final int MIN_PARTICIPANTS = 1;
    public static final int MAX_PARTICIPANTS = 200;
    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
}
