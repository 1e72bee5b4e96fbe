package se.smartcitysweden.booking.port;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Every e-mail sent about a booking, for its timeline: what (the mail's kind), to whom, when, and
 * what the mail provider reported of it (delivered, bounced, complained). Kept beside the booking,
 * not in its history: a send is recorded where it happens, whoever sends it, without a versioned
 * write of the booking, and a repeated record of the same message (a retried write, a repeated
 * report) changes nothing. Throws {@link StorageUnavailableException} when the store fails.
 */
public interface MailLog {
    /** No log (tests of everything else): nothing is recorded, nothing shown. */
    MailLog NONE = new MailLog() {
        public void sent(String bookingId, Sent mail) { }

        public void reported(String bookingId, String messageId, String report) { }

        public List<Sent> of(String bookingId) { return List.of(); }

        public void erase(String bookingId) { }
    };

    /**
     * One e-mail. {@code reports} are the provider's words about it: {@code delivered},
     * {@code bounce:<address>}, {@code complaint:<address>}. {@code to} and the reports' addresses
     * are personal data: {@link #erase} removes them.
     */
    record Sent(String messageId, String kind, Instant at, List<String> to, Set<String> reports) {
        public Sent {
            to = List.copyOf(to);
            reports = Set.copyOf(reports);
        }
    }

    /** Records a message sent (once per message id). */
    void sent(String bookingId, Sent mail);

    /** Records the provider's report of a message ({@code delivered}, {@code bounce:<address>}, {@code complaint:<address>}). */
    void reported(String bookingId, String messageId, String report);

    /** The booking's e-mails, oldest first. */
    List<Sent> of(String bookingId);

    /** Removes the addresses and the reports (the booking's personal data goes); what was sent and when stays. */
    void erase(String bookingId);
}
