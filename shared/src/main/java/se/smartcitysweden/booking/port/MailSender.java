package se.smartcitysweden.booking.port;

import se.smartcitysweden.booking.notification.EmailMessage;

/**
 * Sends e-mail. A failure says whether the message may have gone out: a provider without an
 * idempotency key (SES) would send a message twice if it were blindly sent again.
 */
public interface MailSender {

    /** @return the provider's message id */
    String send(EmailMessage message)
            throws MailRejectedException, MailDelayedException, SendingPausedException, MailMaybeSentException;

    /** The provider refused this message for good (bad address, unverified sender...): do not retry. */
    final class MailRejectedException extends Exception {
        public MailRejectedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** The provider did not take the message (throttled, unreachable): it was not sent; try again later. */
    final class MailDelayedException extends Exception {
        public MailDelayedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * The provider sends nothing for the whole account now (sending paused, account suspended):
     * not this message's fault, and not sent; try again after someone has put the account right.
     */
    final class SendingPausedException extends Exception {
        public SendingPausedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * The request reached the provider but no clear answer came back (a timeout after it was
     * written, a server error): the message may have been sent. Send again only after a wait.
     */
    final class MailMaybeSentException extends Exception {
        public MailMaybeSentException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
