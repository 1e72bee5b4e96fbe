package se.smartcitysweden.booking.port;

/**
 * The store could not be reached or refused the work; the caller may try again later.
 * {@link #outcomeUnknown()} tells whether a write may still have happened (a timeout or a server
 * error after the request went out) or certainly did not (refused connection, throttled, cancelled).
 */
public class StorageUnavailableException extends RuntimeException {
    private final boolean outcomeUnknown;

    /** A failure after which nothing was written. */
    public StorageUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StorageUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** A failure of a write that may have been carried out all the same. */
    public static StorageUnavailableException outcomeUnknown(String message, Throwable cause) {
        return new StorageUnavailableException(message, cause, true);
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
