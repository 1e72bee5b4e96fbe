package se.smartcitysweden.booking.history;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * A booking's history as its readers see it: one line per entry (when, who, what, and a second
 * line with the details), made from the entries' fields in the reader's language
 * ({@code History_<lang>.properties}). The booking's staff see every entry; the visitor sees what
 * concerns them, in their own words ("You", "Smart City Sweden, Umeå").
 */
public final class HistorySentences {
    /** Who reads the history. */
    public enum Reader { STAFF, VISITOR }

    /** One line as shown; {@code detail} is empty when there is nothing more to say. */
    public record Line(Instant at, String when, String who, String what, String detail) { }

    private static final Map<Language, HistorySentences> CACHE = new ConcurrentHashMap<>();
    private final ResourceBundle bundle;
    private final Language language;
    private final MailWords dates;

    private HistorySentences(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.history.History", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.dates = new MailWords(language);
    }

    public static HistorySentences of(Language language) {
        return CACHE.computeIfAbsent(language, HistorySentences::new);
    }

    /** The booking's history from its request on, as {@code reader} sees it. */
    public List<Line> lines(BookingCase c, Reader reader) {
        List<Line> lines = new ArrayList<>();
        String requester = c.booking().request().contact().name();
        lines.add(new Line(c.booking().createdAt(), dates.dateTime(c.booking().createdAt()),
                reader == Reader.VISITOR ? word("visitor.who.you") : requester.isBlank() ? word("who.visitor") : requester,
                word(reader == Reader.VISITOR ? "visitor.what.submitted" : "what.submitted"), ""));
        List<Workflow.HistoryEntry> history = c.workflow().history();
        for (int i = 0; i < history.size(); i++) {
            Workflow.HistoryEntry entry = history.get(i);
            if (reader == Reader.VISITOR && !visitorSees(entry.event())) continue;
            lines.add(line(entry, previousDays(history, i), c.booking().node(), reader));
        }
        return lines;
    }

    /**
     * The same with the e-mails sent about the booking in their place in time (for the staff; the visitor
     * sees none of them): what was sent, to whom, and what the mail provider reported.
     */
    public List<Line> lines(BookingCase c, Reader reader, List<MailLog.Sent> mails) {
        List<Line> lines = lines(c, reader);
        if (reader == Reader.VISITOR || mails.isEmpty()) return lines;
        List<Line> merged = new ArrayList<>(lines);
        for (MailLog.Sent mail : mails) merged.add(mailLine(mail));
        // Stable: an entry and the mail it caused, at the same instant, keep that order.
        merged.sort(java.util.Comparator.comparing(Line::at));
        return merged;
    }

    private Line mailLine(MailLog.Sent mail) {
        String kind = has("mail.kind." + mail.kind()) ? word("mail.kind." + mail.kind()) : word("mail.kind.other");
        List<String> detail = new ArrayList<>();
        if (!mail.to().isEmpty()) detail.add(word("mail.to", String.join(", ", mail.to())));
        List<String> reports = new ArrayList<>(mail.reports());
        java.util.Collections.sort(reports);
        for (String report : reports) {
            int colon = report.indexOf(':');
            String what = colon < 0 ? report : report.substring(0, colon);
            String key = "mail.report." + what + (colon < 0 ? "" : ".to");
            if (!has(key)) continue; // a report this version has no words for
            detail.add(colon < 0 ? word(key) : word(key, report.substring(colon + 1)));
        }
        return new Line(mail.at(), dates.dateTime(mail.at()), word("who.mail"), word("mail.sent", kind), String.join("\n", detail));
    }

    /** One entry's line; {@code before} is the visit's days before it (for a confirmation that moves them). */
    Line line(Workflow.HistoryEntry entry, HistoryEvent.Confirmed before, Node bookingNode, Reader reader) {
        HistoryEvent event = entry.event();
        String what = what(event, before, reader);
        // A decline undone is news to the visitor; the rest of its detail is the staff's business.
        String detail = reader == Reader.VISITOR && event instanceof HistoryEvent.Reopened ? "" : detail(event, before);
        return new Line(entry.at(), dates.dateTime(entry.at()), who(entry.by(), bookingNode, reader), what, detail);
    }

    /** The visitor sees their request's path and their own changes: not outcomes, mail records or the system's work. */
    private static boolean visitorSees(HistoryEvent event) {
        return event instanceof HistoryEvent.Acknowledged || event instanceof HistoryEvent.Confirmed
                || event instanceof HistoryEvent.Declined || event instanceof HistoryEvent.Cancelled
                || event instanceof HistoryEvent.Completed || event instanceof HistoryEvent.FeedbackGiven
                || event instanceof HistoryEvent.Lapsed
                || event instanceof HistoryEvent.OtherDatesAsked || event instanceof HistoryEvent.ParticipantsChanged
                || event instanceof HistoryEvent.PlanChanged
                || event instanceof HistoryEvent.Reopened r && r.from() == BookingStatus.DECLINED;
    }

    private String who(Actor actor, Node bookingNode, Reader reader) {
        String city = actor.node().orElse(bookingNode).city();
        if (reader == Reader.VISITOR) {
            if (actor.kind() == Actor.Kind.VISITOR) return word("visitor.who.you");
            return actor.kind() == Actor.Kind.COORDINATOR ? word("visitor.who.staff", city) : word("visitor.who.system");
        }
        // A person is named by the directory's name, else their address; "a coordinator of X" only when nobody is known.
        String person = !actor.name().isBlank() ? actor.name() : actor.email();
        boolean named = !person.isBlank();
        return switch (actor.kind()) {
            case COORDINATOR -> actor.node().isEmpty() ? word("who.coordinator.nowhere")
                    : named ? word("who.coordinator.named", person, city) : word("who.coordinator", city);
            case NATIONAL_OFFICE -> named ? word("who.national-office.named", person) : word("who.national-office");
            default -> word("who." + actor.kind().id());
        };
    }

    private String what(HistoryEvent event, HistoryEvent.Confirmed before, Reader reader) {
        String prefix = reader == Reader.VISITOR ? "visitor.what." : "what.";
        if (event instanceof HistoryEvent.Confirmed && moved(event, before)) return word(prefix + "confirm.moved");
        if (event instanceof HistoryEvent.Reopened r && reader == Reader.STAFF) {
            return has("what.reopen." + r.from().id()) ? word("what.reopen." + r.from().id()) : word("what.reopen");
        }
        if (event instanceof HistoryEvent.TaskSkipped t) {
            return has("task." + t.task()) ? word("what.skipped.task", word("task." + t.task(), number(t.step()))) : word("what.skipped");
        }
        if (event instanceof HistoryEvent.AcknowledgementLimited a && a.organiserCopy()) {
            return word("what.acknowledgement-skipped.organiser");
        }
        if (event instanceof HistoryEvent.ContactUnreachable u && u.complaint()) return word("what.contact-unreachable.complaint");
        if (event instanceof HistoryEvent.Completed done && done.noShow()) return word(prefix + "complete.no-show");
        if (event instanceof HistoryEvent.Assigned a) {
            return a.email().isEmpty() ? word("what.assign.nobody") : word("what.assign", a.name().isBlank() ? a.email() : a.name());
        }
        // A line this version cannot read says what kind it was when that kind is known (an old line its anonymisation emptied).
        return has(prefix + event.code()) ? word(prefix + event.code()) : word("what.unknown");
    }

    private String detail(HistoryEvent event, HistoryEvent.Confirmed before) {
        if (event instanceof HistoryEvent.Confirmed c) {
            return moved(c, before) ? word("detail.moved", range(c.from(), c.to()), range(before.from(), before.to()))
                    : range(c.from(), c.to());
        }
        if (event instanceof HistoryEvent.Declined d) return d.reason();
        if (event instanceof HistoryEvent.Cancelled d) return d.reason();
        if (event instanceof HistoryEvent.OutcomeCorrected o) return o.replaced().isBlank() ? "" : word("detail.correct-outcome", o.replaced());
        if (event instanceof HistoryEvent.FeedbackGiven f) return word("detail.rating", number(f.rating()));
        if (event instanceof HistoryEvent.ImpactAnswered a) {
            String yes = Stream.of(a.contacts() ? "contacts" : "", a.deals() ? "deals" : "",
                            a.collaborations() ? "collaborations" : "", a.policy() ? "policy" : "")
                    .filter(q -> !q.isEmpty()).map(q -> word("impact." + q)).collect(Collectors.joining(", "));
            String said = word("detail.impact", number(a.months()), yes.isEmpty() ? word("detail.impact.none") : yes);
            return a.note().isBlank() ? said : said + "\n" + a.note();
        }
        if (event instanceof HistoryEvent.OtherDatesAsked d) {
            String periods = d.dates().stream().map(r -> range(r.from(), r.to())).collect(Collectors.joining("\n"));
            return d.message().isEmpty() ? periods : periods.isEmpty() ? d.message() : periods + "\n" + d.message();
        }
        if (event instanceof HistoryEvent.ParticipantsChanged p) {
            return word("detail.participants", number(p.expectedBefore()), number(p.expectedAfter()), number(p.namedBefore()),
                    number(p.namedAfter()));
        }
        if (event instanceof HistoryEvent.PlanChanged p) {
            return p.changed().stream().filter(part -> has("plan." + part)).map(part -> word("plan." + part))
                    .collect(Collectors.joining(", "));
        }
        if (event instanceof HistoryEvent.AcknowledgementLimited a) {
            return word(a.organiserCopy() ? "detail.acknowledgement-skipped.organiser" : "detail.acknowledgement-skipped");
        }
        if (event instanceof HistoryEvent.Completed done && done.attended() > 0) {
            return word("detail.attended", number(done.attended()));
        }
        if (event instanceof HistoryEvent.Lapsed lapsed) return word("detail.lapsed", dates.date(lapsed.lastDay()));
        if (event instanceof HistoryEvent.ContactUnreachable u) {
            return u.messageId().isBlank() ? "" : word("detail.contact-unreachable", u.messageId());
        }
        if (event instanceof HistoryEvent.NoteAdded n) return n.text();
        return ""; // the other kinds say it all in their first line (an unreadable line's stored text is not shown)
    }

    /** True when a confirmation gives other days than the one before it. */
    private static boolean moved(HistoryEvent event, HistoryEvent.Confirmed before) {
        return before != null && event instanceof HistoryEvent.Confirmed c
                && !(c.from().equals(before.from()) && c.to().equals(before.to()));
    }

    /** The latest confirmation before entry {@code index}, or null. */
    private static HistoryEvent.Confirmed previousDays(List<Workflow.HistoryEntry> history, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (history.get(i).event() instanceof HistoryEvent.Confirmed c) return c;
        }
        return null;
    }

    private String range(LocalDate from, LocalDate to) {
        return from.equals(to) ? dates.date(from) : dates.date(from) + " – " + dates.date(to);
    }

    /** Counts as digits only: MessageFormat would group a number's thousands by the locale. */
    private static String number(int value) {
        return Integer.toString(value);
    }

    boolean has(String key) {
        return bundle.containsKey(key);
    }

    String word(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), language.locale()).format(arguments);
    }
}
