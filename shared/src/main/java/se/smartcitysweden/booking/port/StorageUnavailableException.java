package se.smartcitysweden.booking.port;

/** The store could not be reached or refused the work; the caller may try again later. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
