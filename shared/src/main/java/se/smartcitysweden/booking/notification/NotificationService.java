package se.smartcitysweden.booking.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.NotificationStore;
import se.smartcitysweden.booking.port.NotificationStore.Mail;

/**
 * Sends a new booking's two e-mails, each at most once in effect. Each e-mail is claimed with
 * a conditional write before it is sent and marked sent after, so a replayed stream record,
 * a retried batch or a concurrent delivery finds it taken and sends nothing. The one window
 * left: a crash after the provider accepted the mail and before it is marked sent. Such a
 * claim goes stale after {@link #STALE_CLAIM} and the follow-up's safety net sends again, so
 * in that rare case the mail may arrive twice rather than never.
 */
public final class NotificationService {
    public static final Duration STALE_CLAIM = Duration.ofMinutes(15);

    public enum Outcome {
        /** Both e-mails are sent (now or before). */
        DONE,
        /** The provider refused an e-mail for good; recorded on the booking, not retried. */
        FAILED,
        /** An e-mail could not be sent now; the caller should retry later. */
        RETRY_LATER
    }

    private final NotificationStore store;
    private final MailSender sender;
    private final BookingMails mails;
    private final Clock clock;

    public NotificationService(NotificationStore store, MailSender sender, BookingMails mails, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.mails = mails;
        this.clock = clock;
    }

    public Outcome notifyNewBooking(Booking booking) {
        Outcome coordinator = send(booking, Mail.COORDINATOR);
        if (coordinator == Outcome.RETRY_LATER) return coordinator;
        Outcome visitor = send(booking, Mail.VISITOR);
        if (visitor == Outcome.RETRY_LATER) return visitor;
        Outcome overall = coordinator == Outcome.FAILED || visitor == Outcome.FAILED ? Outcome.FAILED : Outcome.DONE;
        store.markNotification(booking.id(), overall == Outcome.DONE ? "sent" : "failed", clock.instant());
        return overall;
    }

    private Outcome send(Booking booking, Mail mail) {
        Instant now = clock.instant();
        if (!store.claim(booking.id(), mail, now, STALE_CLAIM)) {
            return Outcome.DONE; // sent, failed or being sent by someone else: nothing to do here
        }
        EmailMessage message = mail == Mail.COORDINATOR ? mails.toCoordinators(booking, now) : mails.toVisitor(booking);
        try {
            String messageId = sender.send(message);
            store.markSent(booking.id(), mail, messageId, clock.instant());
            return Outcome.DONE;
        } catch (MailSender.MailRejectedException e) {
            store.markFailed(booking.id(), mail, e.getMessage(), clock.instant());
            log("notification.rejected", booking, mail, e.getMessage());
            return Outcome.FAILED;
        } catch (MailSender.MailDelayedException e) {
            store.release(booking.id(), mail);
            log("notification.delayed", booking, mail, e.getMessage());
            return Outcome.RETRY_LATER;
        }
    }

    /** A log line without personal data: the booking's id and reference, the kind and the reason. */
    private static void log(String event, Booking booking, Mail mail, String reason) {
        System.out.println("{\"level\":\"WARN\",\"event\":\"" + event + "\",\"bookingId\":\"" + booking.id()
                + "\",\"reference\":\"" + booking.reference() + "\",\"mail\":\"" + mail.name().toLowerCase()
                + "\",\"reason\":\"" + reason.replaceAll("[\"\\\\\\p{Cntrl}]", " ") + "\"}");
    }
}
