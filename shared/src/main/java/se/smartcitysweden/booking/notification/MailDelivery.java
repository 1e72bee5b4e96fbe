package se.smartcitysweden.booking.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.MailSender.Status;

/**
 * Sends one e-mail and says what became of it, with its metric and its log line: the one place
 * where every e-mail's outcome is counted, whoever sends it. What to do next (mark, release,
 * keep the claim) is the caller's.
 */
public final class MailDelivery {
    public static final String BOOKING_TAG = "bookingId";
    public static final String KIND_TAG = "mail";

    private MailDelivery() { }

    /** @param code the provider's error code when not sent, for the record; never the message text */
    public record Result(Status status, String messageId, String code) { }

    /**
     * @param kind      what the e-mail is (coordinator, visitor, unanswered, notice-confirmation...)
     * @param bookingId the booking it is about, or null (the digest)
     */
    public static Result send(MailSender sender, EmailMessage message, String kind, String bookingId) {
        // The tags come back with the provider's bounce and complaint reports (MailDeliveryService).
        Map<String, String> tags = new LinkedHashMap<>(message.tags());
        tags.put(BOOKING_TAG, bookingId == null ? "none" : bookingId);
        tags.put(KIND_TAG, kind);
        try {
            String messageId = sender.send(message.withTags(tags));
            Metrics.count(Metrics.Name.MailSent, 1, properties(kind, bookingId, null));
            return new Result(Status.SENT, messageId, "");
        } catch (MailSender.SendFailedException e) {
            return failed(e.status(), kind, bookingId, e.code());
        }
    }

    private static Result failed(Status status, String kind, String bookingId, String code) {
        Log log = switch (status) {
            case REJECTED -> Log.warn("mail.rejected");
            case DELAYED -> Log.warn("mail.delayed");
            // Every e-mail fails until someone acts on the account: an alarm watches its metric.
            case PAUSED -> Log.error("mail.sending_paused");
            case MAYBE_SENT -> Log.warn("mail.maybe_sent");
            case SENT -> throw new IllegalArgumentException("not a failure");
        };
        Metrics.Name metric = switch (status) {
            case REJECTED -> Metrics.Name.MailRejected;
            case PAUSED -> Metrics.Name.SesSendingPaused;
            default -> Metrics.Name.MailDelayed;
        };
        Metrics.count(metric, 1, properties(kind, bookingId, code));
        log.field("kind", kind);
        if (bookingId != null) log.field("bookingId", bookingId);
        log.field("code", code).write();
        return new Result(status, null, code);
    }

    private static Map<String, String> properties(String kind, String bookingId, String code) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kind", kind);
        if (bookingId != null) properties.put("bookingId", bookingId);
        if (code != null) properties.put("code", code);
        return properties;
    }
}
