package se.smartcitysweden.booking.manage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.history.HistorySentences;
import se.smartcitysweden.booking.port.MailLog;

/**
 * The history tables of the coordinator's and the visitor's pages: rows of shared's {@link HistorySentences},
 * which makes each entry a sentence in the page's language.
 */
final class HistoryView {
    private HistoryView() { }

    /** Every entry, from the request on. */
    static List<Map<String, Object>> forCoordinator(BookingCase c, PageWords w) {
        return rows(c, w, HistorySentences.Reader.STAFF);
    }

    /** Every entry and every e-mail sent about the booking, in time order. */
    static List<Map<String, Object>> forCoordinator(BookingCase c, PageWords w, List<MailLog.Sent> mails) {
        return HistorySentences.of(w.language()).lines(c, HistorySentences.Reader.STAFF, mails).stream()
                .<Map<String, Object>>map(HistoryView::row).toList();
    }

    private static Map<String, Object> row(HistorySentences.Line line) {
        return Map.of("when", line.when(), "who", line.who(), "what", line.what(), "detail", line.detail());
    }

    /** What the visitor should see: not the coordinator's notes on the outcome, nor the mail system's records. */
    static List<Map<String, Object>> forVisitor(BookingCase c, PageWords w) {
        return rows(c, w, HistorySentences.Reader.VISITOR);
    }

    /** When the visitor last answered the survey of {@code months}. */
    static Optional<Instant> impactAnswered(BookingCase c, int months) {
        return Impact.answeredAt(c.workflow(), months);
    }

    private static List<Map<String, Object>> rows(BookingCase c, PageWords w, HistorySentences.Reader reader) {
        return HistorySentences.of(w.language()).lines(c, reader).stream().<Map<String, Object>>map(line -> Map.of(
                "when", line.when(), "who", line.who(), "what", line.what(), "detail", line.detail())).toList();
    }
}
