package se.smartcitysweden.booking.notification;

import java.time.Instant;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.SelfServiceMails;

/**
 * {@link SelfServiceMails} by e-mail. A change is stored before its mail goes; a mail that cannot
 * go is logged and counted by MailDelivery and not retried: the change is on the manage page and
 * in the coordinators' next reminder or digest anyway.
 */
public final class MailSelfService implements SelfServiceMails {
    private final CaseMails mails;
    private final MailSender sender;

    public MailSelfService(CaseMails mails, MailSender sender) {
        this.mails = mails;
        this.sender = sender;
    }

    @Override
    public boolean visitorChanged(BookingCase before, BookingCase after, String action, String note, Instant now) {
        return sent(MailDelivery.send(sender, mails.visitorChanged(before, after, action, note, now), "visitor-" + action, after.id()));
    }

    @Override
    public boolean feedbackGiven(BookingCase withFeedback, Instant now) {
        return sent(MailDelivery.send(sender, mails.feedbackGiven(withFeedback, now), "feedback-given", withFeedback.id()));
    }

    @Override
    public String calendar(BookingCase confirmed) {
        return mails.calendar(confirmed);
    }

    private static boolean sent(MailDelivery.Result result) {
        return result.status() == MailSender.Status.SENT;
    }
}
