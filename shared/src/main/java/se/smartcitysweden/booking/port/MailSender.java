package se.smartcitysweden.booking.port;

/**
 * Sends e-mail. A failure says whether the message may have gone out: a provider without an
 * idempotency key (SES) would send a message twice if it were blindly sent again.
 */
public interface MailSender {

    /** What became of a message. */
    enum Status {
        SENT,
        /** Refused for good (MessageRejected...): sending again cannot help. */
        REJECTED,
        /** Not sent (throttled, unreachable): safe to send again later. */
        DELAYED,
        /** Not sent: the account sends nothing now (paused, suspended); not this mail's fault. */
        PAUSED,
        /** Perhaps sent (no clear answer): send again only after a wait, or not at all. */
        MAYBE_SENT
    }

    /** @return the provider's message id */
    String send(EmailMessage message) throws SendFailedException;

    /**
     * The message was not plainly sent: {@link #status()} says whether it was refused for good,
     * not taken now, not taken because the account sends nothing, or may have gone out.
     */
    final class SendFailedException extends Exception {
        private final Status status;

        /** @param code the provider's error code, never its message text (it can quote addresses) */
        public SendFailedException(Status status, String code, Throwable cause) {
            super(code, cause);
            if (status == Status.SENT) throw new IllegalArgumentException("a sent message is no failure");
            this.status = status;
        }

        public Status status() {
            return status;
        }

        public String code() {
            return getMessage();
        }
    }
}
