package se.smartcitysweden.booking.observability;

/**
 * The ids of the invocation a thread is working on, which every {@link Log} and {@link Metrics}
 * line carries as {@code requestId}, {@code traceId} and {@code bookingId}: Lambda's Java runtime
 * adds none of them to what a function writes on standard output. A handler opens it first thing
 * and closes it last ({@code try (LogContext.Scope invocation = LogContext.begin(...)) { ... }}),
 * so a warm container never carries one invocation's ids into the next. The ids are no personal
 * data (the request's, the trace's and the booking's identifiers); a value that looks like an
 * e-mail address is replaced, as {@link Log#field} does.
 */
public final class LogContext {
    /** Where Lambda's Java runtime puts each invocation's X-Ray trace header. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** The same header in the environment (other runtimes, and Java's before the property). */
    public static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

    private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

    final String requestId;
    final String traceId;
    final String bookingId;

    private LogContext(String requestId, String traceId, String bookingId) {
        this.requestId = requestId;
        this.traceId = traceId;
        this.bookingId = bookingId;
    }

    /** Ends what {@link #begin} or {@link #forBooking} started: the ids before it are back. */
    public static final class Scope implements AutoCloseable {
        private final LogContext previous;
        private boolean closed;

        private Scope(LogContext previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        }
    }

    /**
     * Starts an invocation's context on this thread: its request id ({@code Context.getAwsRequestId()},
     * null when there is none, as in SnapStart's priming) and its trace (the Root of the header).
     */
    public static Scope begin(String requestId, String traceHeader) {
        LogContext previous = CURRENT.get();
        CURRENT.set(new LogContext(safe(requestId), traceId(traceHeader), null));
        return new Scope(previous);
    }

    /**
     * The booking the rest of this invocation works on (a request about one booking). Outside an
     * invocation it does nothing: nothing would end it.
     */
    public static void bookingId(String bookingId) {
        LogContext current = CURRENT.get();
        if (current != null) CURRENT.set(new LogContext(current.requestId, current.traceId, safe(bookingId)));
    }

    /** The booking a part of the invocation works on (one record of a batch): the one before is back at close. */
    public static Scope forBooking(String bookingId) {
        LogContext previous = CURRENT.get();
        CURRENT.set(previous == null ? new LogContext(null, null, safe(bookingId))
                : new LogContext(previous.requestId, previous.traceId, safe(bookingId)));
        return new Scope(previous);
    }

    /** This invocation's X-Ray trace header, as Lambda's Java runtime gives it; null when there is none. */
    public static String traceHeader() {
        String header = System.getProperty(TRACE_HEADER_PROPERTY);
        return header == null || header.isBlank() ? System.getenv(TRACE_HEADER_VARIABLE) : header;
    }

    /** The trace id of a header ({@code Root=1-…;Parent=…;Sampled=1}): its Root; null when it has none. */
    static String traceId(String traceHeader) {
        if (traceHeader == null) return null;
        int start = 0;
        while (start < traceHeader.length()) {
            int end = traceHeader.indexOf(';', start);
            if (end < 0) end = traceHeader.length();
            String part = traceHeader.substring(start, end).strip();
            if (part.startsWith("Root=")) return safe(part.substring(5));
            start = end + 1;
        }
        return null;
    }

    /** The context of this thread now, or null outside an invocation. */
    static LogContext current() {
        return CURRENT.get();
    }

    private static String safe(String id) {
        if (id == null || id.isBlank()) return null;
        return id.indexOf('@') >= 0 ? "[redacted]" : id.strip();
    }
}
