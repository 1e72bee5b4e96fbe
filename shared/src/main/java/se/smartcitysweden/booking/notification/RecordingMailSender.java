package se.smartcitysweden.booking.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.Mailbox;

/**
 * A {@link MailSender} that records every e-mail it sends about a booking in the {@link MailLog}
 * (the booking and the mail's kind come from the tags {@link MailDelivery} sets), so the booking's
 * timeline shows each one, whichever function sent it. The record is written after the provider
 * took the message, keyed by its message id: a retried record writes the same. If it cannot be
 * written the mail has gone anyway: the failure is logged, and the send is not reported as failed
 * (that would send it again).
 */
public final class RecordingMailSender implements MailSender {
    private final MailSender inner;
    private final MailLog log;
    private final Clock clock;

    public RecordingMailSender(MailSender inner, MailLog log, Clock clock) {
        this.inner = inner;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public String send(EmailMessage message) throws SendFailedException {
        String messageId = inner.send(message);
        String bookingId = message.tags().getOrDefault(MailDelivery.BOOKING_TAG, "none");
        if (bookingId.equals("none") || messageId == null || messageId.isBlank()) return messageId;
        List<String> to = new ArrayList<>();
        for (Mailbox m : message.to()) to.add(m.address());
        for (Mailbox m : message.cc()) to.add(m.address());
        try {
            log.sent(bookingId, new MailLog.Sent(messageId, message.tags().getOrDefault(MailDelivery.KIND_TAG, ""),
                    clock.instant(), to, Set.of()));
        } catch (RuntimeException notRecorded) {
            Log.warn("mail.log_failed").field("bookingId", bookingId).field("messageId", messageId).error(notRecorded).write();
        }
        return messageId;
    }
}
