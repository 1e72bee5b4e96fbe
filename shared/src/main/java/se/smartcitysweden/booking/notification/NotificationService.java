package se.smartcitysweden.booking.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.limits.RateLimit;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.LimitCounter;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.NotificationStore;
import se.smartcitysweden.booking.port.NotificationStore.Mail;
import se.smartcitysweden.booking.port.StorageUnavailableException;

/**
 * Sends a new booking's two e-mails, each at most once in effect. Each e-mail is claimed with
 * a conditional write before it is sent and marked sent after, so a replayed stream record,
 * a retried batch or a concurrent delivery finds it taken and sends nothing.
 *
 * <p>Nothing is left behind: the booking's notification is marked done only when both e-mails
 * are sent or refused for good, and until then the booking stays in the follow-up's due-work
 * index, whose urgent run (the safety net) calls {@link #resend}. A claim that is held is not
 * done: a claim older than {@link #STALE_CLAIM} is taken over and the e-mail sent. That covers a
 * sender that crashed, a claim that could not be given back, and a send SES may or may not have
 * accepted (no clear answer; SES has no idempotency key): such an e-mail may then arrive twice
 * rather than never.
 */
public final class NotificationService {
    public static final Duration STALE_CLAIM = Duration.ofMinutes(15);
    /** The code of {@link HistoryEvent.AcknowledgementLimited}: the acknowledgement (or its organiser's copy) held back by the address limit. */
    public static final String ACKNOWLEDGEMENT_SKIPPED = "acknowledgement-skipped";
    static final Actor ACTOR = Actor.of(Actor.Kind.NOTIFICATION);

    public enum Outcome {
        /** Both e-mails are sent (now or before). */
        DONE,
        /** The provider refused an e-mail for good; recorded on the booking, not retried. */
        FAILED,
        /** An e-mail could not be sent now and may be sent again at once; the caller should retry later. */
        RETRY_LATER,
        /**
         * An e-mail is not sent yet and must not be sent again at once (its claim is held, its
         * send may have gone, or the account is paused): the safety net sends it later.
         */
        PENDING
    }

    /** What became of one of the two e-mails. */
    private enum MailOutcome { DONE, FAILED, RETRY_LATER, HELD, ACCOUNT_PAUSED }

    private final NotificationStore store;
    private final MailSender sender;
    private final BookingMails mails;
    private final Clock clock;
    private final LimitCounter counter;
    private final RateLimit perAddress;

    /** Without a limit on acknowledgements (tests of everything else). */
    public NotificationService(NotificationStore store, MailSender sender, BookingMails mails, Clock clock) {
        this(store, sender, mails, clock, null, null);
    }

    /** With the acknowledgements-per-address limit, counted in {@code counter} (both null: the limit is off). */
    public NotificationService(NotificationStore store, MailSender sender, BookingMails mails, Clock clock,
                               LimitCounter counter, RateLimit perAddress) {
        this.store = store;
        this.sender = sender;
        this.mails = mails;
        this.clock = clock;
        this.counter = counter;
        this.perAddress = perAddress;
    }

    /** The first attempt, from the table's stream. */
    public Outcome notifyNewBooking(Booking booking) {
        return notify(booking, clock.instant(), false);
    }

    /** The safety net at {@code now}: sends what is pending or whose claim is stale; counted as redrives. */
    public Outcome resend(Booking booking, Instant now) {
        return notify(booking, now, true);
    }

    private Outcome notify(Booking booking, Instant now, boolean redrive) {
        try (LogContext.Scope forBooking = LogContext.forBooking(booking.id())) {
            return notifyBoth(booking, now, redrive);
        }
    }

    private Outcome notifyBoth(Booking booking, Instant now, boolean redrive) {
        MailOutcome coordinator = send(booking, Mail.COORDINATOR, now, redrive);
        if (coordinator == MailOutcome.RETRY_LATER) return Outcome.RETRY_LATER;
        if (coordinator == MailOutcome.ACCOUNT_PAUSED) return Outcome.PENDING; // the visitor's would fail too
        MailOutcome visitor = send(booking, Mail.VISITOR, now, redrive);
        if (visitor == MailOutcome.RETRY_LATER) return Outcome.RETRY_LATER;
        if (coordinator == MailOutcome.HELD || visitor == MailOutcome.HELD || visitor == MailOutcome.ACCOUNT_PAUSED) {
            return Outcome.PENDING; // not marked: the booking stays due for the safety net
        }
        boolean failed = coordinator == MailOutcome.FAILED || visitor == MailOutcome.FAILED;
        store.markNotification(booking.id(), failed ? "failed" : "sent", clock.instant());
        return failed ? Outcome.FAILED : Outcome.DONE;
    }

    /**
     * The acknowledgement as it may go: to the visitor's address and the organiser's copy, each
     * within its limit of acknowledgements per address. The limit is checked here, where the
     * e-mail is sent, not at submit: the booking must be stored and the coordinators told whatever
     * address was typed, and only this mail goes to that address. It runs after the claim, so one
     * sender decides, and each booking counts once per address (its id is the occurrence, in the
     * window of its creation), so a replayed record or the safety net's resend decides the same.
     * Over the limit: the visitor's address, and the acknowledgement is skipped (recorded on the
     * booking with a history line); the organiser's only, and it goes without the copy (a line too).
     */
    private Optional<EmailMessage> withinAddressLimits(Booking booking, EmailMessage message, Instant now) {
        String contact = booking.request().contact().email();
        if (!perAddress.check(counter, contact, booking.id(), booking.createdAt()).allowed()) {
            limited(booking, "contact");
            store.markSkipped(booking.id(), Mail.VISITOR, new Workflow.HistoryEntry(now, ACTOR,
                    new HistoryEvent.AcknowledgementLimited(false)), clock.instant());
            return Optional.empty();
        }
        Optional<String> organiser = booking.request().organiser().map(o -> o.email())
                .filter(address -> !address.equalsIgnoreCase(contact));
        if (organiser.isPresent() && !message.cc().isEmpty()
                && !perAddress.check(counter, organiser.get(), booking.id(), booking.createdAt()).allowed()) {
            limited(booking, "organiser");
            store.recordHistory(booking.id(), new Workflow.HistoryEntry(now, ACTOR,
                    new HistoryEvent.AcknowledgementLimited(true)), clock.instant());
            return Optional.of(new EmailMessage(message.from(), message.to(), List.of(), message.replyTo(), message.subject(),
                    message.text(), message.html(), message.attachments(), message.tags()));
        }
        return Optional.of(message);
    }

    /** A log line and a metric with identifiers only: never the address. */
    private static void limited(Booking booking, String recipient) {
        Log.info("notify.acknowledgement_limited").field("bookingId", booking.id()).field("reference", booking.reference())
                .field("node", booking.node().id()).field("recipient", recipient).write();
        Metrics.count(Metrics.Name.AcknowledgementsLimited, 1, Map.of("bookingId", booking.id(), "recipient", recipient));
    }

    private MailOutcome send(Booking booking, Mail mail, Instant now, boolean redrive) {
        switch (store.claim(booking.id(), mail, now, STALE_CLAIM)) {
            case ALREADY_SENT:
                return MailOutcome.DONE;
            case ALREADY_FAILED:
                return MailOutcome.FAILED;
            case HELD:
                return MailOutcome.HELD; // being sent, or its sender died: sent again once the claim is stale
            default:
                break;
        }
        String kind = mail.name().toLowerCase();
        EmailMessage message = mail == Mail.COORDINATOR ? mails.toCoordinators(booking, now) : mails.toVisitor(booking);
        if (mail == Mail.VISITOR && counter != null) {
            Optional<EmailMessage> within;
            try {
                within = withinAddressLimits(booking, message, now);
            } catch (StorageUnavailableException e) {
                // Nothing was sent: give the claim back so that the retry sends (or skips) at once, not
                // after the stale time. The count is per booking, so the retry decides the same.
                store.release(booking.id(), mail);
                return MailOutcome.RETRY_LATER;
            }
            if (within.isEmpty()) return MailOutcome.DONE; // skipped on purpose, and recorded: nothing to send
            message = within.get();
        }
        MailDelivery.Result result = MailDelivery.send(sender, message, kind, booking.id());
        switch (result.status()) {
            case SENT:
                store.markSent(booking.id(), mail, result.messageId(), clock.instant());
                if (redrive) Metrics.count(Metrics.Name.Redrives, 1, Map.of("kind", kind, "bookingId", booking.id()));
                return MailOutcome.DONE;
            case REJECTED:
                store.markFailed(booking.id(), mail, result.code(), clock.instant());
                return MailOutcome.FAILED;
            case DELAYED:
                store.release(booking.id(), mail);
                return MailOutcome.RETRY_LATER;
            case PAUSED:
                store.release(booking.id(), mail);
                return MailOutcome.ACCOUNT_PAUSED;
            default:
                // MAYBE_SENT: the claim stays, so it is sent again only once stale (twice rather than never).
                return MailOutcome.HELD;
        }
    }
}
