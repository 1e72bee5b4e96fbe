package se.smartcitysweden.booking.port;

import se.smartcitysweden.booking.notification.EmailMessage;
import se.smartcitysweden.booking.notification.MailDelivery;

/**
 * Sends e-mail. A failure says whether the message may have gone out: a provider without an
 * idempotency key (SES) would send a message twice if it were blindly sent again.
 */
public interface MailSender {

    /** @return the provider's message id */
    String send(EmailMessage message) throws SendFailedException;

    /**
     * The message was not plainly sent: {@link #status()} says whether it was refused for good,
     * not taken now, not taken because the account sends nothing, or may have gone out.
     */
    final class SendFailedException extends Exception {
        private final MailDelivery.Status status;

        /** @param code the provider's error code, never its message text (it can quote addresses) */
        public SendFailedException(MailDelivery.Status status, String code, Throwable cause) {
            super(code, cause);
            if (status == MailDelivery.Status.SENT) throw new IllegalArgumentException("a sent message is no failure");
            this.status = status;
        }

        public MailDelivery.Status status() {
            return status;
        }

        public String code() {
            return getMessage();
        }
    }
}
