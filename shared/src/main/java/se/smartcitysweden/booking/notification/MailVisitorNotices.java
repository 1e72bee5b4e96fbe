package se.smartcitysweden.booking.notification;

import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.VisitorNotices;

/** Tells the visitor of a confirmation, decline, cancellation or a decline undone by e-mail. */
public final class MailVisitorNotices implements VisitorNotices {
    private final CaseMails mails;
    private final MailSender sender;

    public MailVisitorNotices(CaseMails mails, MailSender sender) {
        this.mails = mails;
        this.sender = sender;
    }

    @Override
    public boolean send(BookingCase bookingCase, VisitorNotice notice) {
        // The host's calendar follows the visit too, first: if it cannot go now the notice stays due and both go
        // again (the same invitation twice changes nothing in a calendar; the visitor's mail is not sent twice).
        if (!hostCalendar(bookingCase, notice)) return false;
        EmailMessage message = switch (notice) {
            case CONFIRMATION -> mails.confirmation(bookingCase);
            case DECLINE -> mails.decline(bookingCase);
            case CANCELLATION -> mails.cancellation(bookingCase);
            case REOPENED -> mails.reopened(bookingCase);
            case PLAN_CHANGED -> mails.planChanged(bookingCase);
            case NONE -> null;
        };
        if (message == null) return true;
        String kind = "notice-" + notice.name().toLowerCase();
        MailSender.Status status = MailDelivery.send(sender, message, kind, bookingCase.id()).status();
        // Refused for good (for example a suppressed address): retrying cannot help. Anything else
        // not surely sent stays due, and the follow-up's safety net sends it (a send SES may have
        // taken then arrives twice rather than never).
        return status == MailSender.Status.SENT || status == MailSender.Status.REJECTED;
    }

    /** The node's coordinators get the confirmed, changed or cancelled visit as an invitation of their own. */
    private boolean hostCalendar(BookingCase c, VisitorNotice notice) {
        boolean cancel = notice == VisitorNotice.CANCELLATION;
        if (c.workflow().visit().isEmpty() || !(cancel || notice == VisitorNotice.CONFIRMATION || notice == VisitorNotice.PLAN_CHANGED)) {
            return true;
        }
        EmailMessage invitation = mails.hostInvitation(c, cancel, java.time.Instant.now());
        MailSender.Status status = MailDelivery.send(sender, invitation, "host-calendar", c.id()).status();
        return status == MailSender.Status.SENT || status == MailSender.Status.REJECTED;
    }
}
