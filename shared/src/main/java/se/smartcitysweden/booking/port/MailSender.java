package se.smartcitysweden.booking.port;

import se.smartcitysweden.booking.notification.EmailMessage;

/** Sends e-mail. */
public interface MailSender {

    /** @return the provider's message id */
    String send(EmailMessage message) throws MailRejectedException, MailDelayedException;

    /** The provider refused this message for good (bad address, unverified sender...): do not retry. */
    final class MailRejectedException extends Exception {
        public MailRejectedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** The provider could not take the message now (throttled, unreachable): try again later. */
    final class MailDelayedException extends Exception {
        public MailDelayedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
