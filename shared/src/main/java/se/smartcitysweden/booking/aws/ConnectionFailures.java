package se.smartcitysweden.booking.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Tells a failure before any byte of a request was sent from one after: only when the connection
 * was never made is it certain that the service did nothing, so the request may be sent again
 * without doing its work twice (SES has no idempotency key; a DynamoDB write may have happened).
 */
final class ConnectionFailures {
    private ConnectionFailures() { }

    /** Refused, no route, unknown host or a connect timeout, anywhere in the cause chain. */
    static boolean neverConnected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) return true;
            // HttpURLConnection says which timeout it was only in the message ("Connect timed out").
            if (cause instanceof SocketTimeoutException
                    && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) return true;
        }
        return false;
    }
}
