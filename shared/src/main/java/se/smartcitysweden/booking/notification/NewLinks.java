package se.smartcitysweden.booking.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.limits.RateLimit;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.LimitCounter;
import se.smartcitysweden.booking.port.MailSender;

/**
 * "Send me a new link" from a refused (old or broken) link: a fresh link goes to the address on the booking
 * (the visitor's for their pages, the node's coordinators for the manage page), never to one the asker gives.
 * Whether the booking exists is never told: the caller answers alike, and the limit is counted either way.
 */
public final class NewLinks {
    /** New links per booking and day, whoever asks: enough for a lost mail, too few to fill an inbox. */
    public static final RateLimit PER_BOOKING = new RateLimit("newlink", 3, Duration.ofDays(1));
    private final BookingCaseRepository cases;
    private final CaseMails mails;
    private final MailSender sender;
    private final LimitCounter counter;
    private final Clock clock;

    public NewLinks(BookingCaseRepository cases, CaseMails mails, MailSender sender, LimitCounter counter, Clock clock) {
        this.cases = cases;
        this.mails = mails;
        this.sender = sender;
        this.counter = counter;
        this.clock = clock;
    }

    /** Mails a fresh link of {@code purpose} if the booking exists and the limit allows; true when one was sent. */
    public boolean send(String bookingId, LinkSigner.Purpose purpose) {
        Instant now = clock.instant();
        // Counted before the booking is read, so an unknown booking costs the same write as a known one.
        if (!PER_BOOKING.check(counter, bookingId, UUID.randomUUID().toString(), now).allowed()) {
            Log.info("newlink.limited").field("bookingId", bookingId).write();
            return false;
        }
        Optional<BookingCase> found = cases.load(bookingId);
        // An erased booking has no visitor address left; the coordinators still get theirs.
        if (found.isEmpty() || purpose != LinkSigner.Purpose.MANAGE && PersonalData.isAnonymised(found.get().workflow())) return false;
        MailDelivery.Result result = MailDelivery.send(sender, mails.newLink(found.get(), purpose, now), "new-link", bookingId);
        return result.status() == MailSender.Status.SENT;
    }
}
