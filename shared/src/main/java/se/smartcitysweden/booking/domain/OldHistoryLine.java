package se.smartcitysweden.booking.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;

/**
 * Reads a history line of the form stored before history was data (an action and one detail
 * string), once, into its event: the inverse of each event's {@link HistoryEvent#detail()}.
 */
final class OldHistoryLine {
    private OldHistoryLine() { }

    static HistoryEvent parse(String code, String d) {
        try {
            HistoryEvent event = switch (code) {
                case "acknowledge" -> new HistoryEvent.Acknowledged();
                case "confirm" -> confirmed(d);
                case "decline" -> new HistoryEvent.Declined(d);
                case "cancel" -> new HistoryEvent.Cancelled(d);
                case "complete" -> d.matches("\\d{1,4}") ? new HistoryEvent.Completed(Integer.parseInt(d)) : new HistoryEvent.Completed();
                case "lapsed" -> new HistoryEvent.Lapsed(java.time.LocalDate.parse(d));
                case "record-outcome" -> new HistoryEvent.OutcomeRecorded();
                case "correct-outcome" -> new HistoryEvent.OutcomeCorrected(d);
                case "reopen" -> BookingStatus.fromId(d).map(HistoryEvent.Reopened::new).orElse(null);
                case "erase" -> new HistoryEvent.Erased();
                case "anonymise" -> new HistoryEvent.Anonymised();
                case "feedback" -> d.matches("[1-5]") ? new HistoryEvent.FeedbackGiven(Integer.parseInt(d)) : null;
                case "impact" -> impact(d);
                case "visitor-dates" -> otherDates(d);
                case "visitor-participants" -> participants(d);
                case "skipped" -> skipped(d);
                case "taken-over" -> new HistoryEvent.TakenOver();
                case "note" -> new HistoryEvent.NoteAdded(d);
                // "<address> <name>": an address has no space.
                case "assign" -> d.indexOf(' ') < 0 ? new HistoryEvent.Assigned(d, "")
                        : new HistoryEvent.Assigned(d.substring(0, d.indexOf(' ')), d.substring(d.indexOf(' ') + 1));
                case "acknowledgement-skipped" -> d.equals("contact-address-limit") ? new HistoryEvent.AcknowledgementLimited(false)
                        : d.equals("organiser-address-limit") ? new HistoryEvent.AcknowledgementLimited(true) : null;
                case "contact-unreachable" -> d.startsWith("bounce ") ? new HistoryEvent.ContactUnreachable(false, d.substring(7))
                        : d.startsWith("complaint ") ? new HistoryEvent.ContactUnreachable(true, d.substring(10)) : null;
                case "plan-changed" -> new HistoryEvent.PlanChanged(d.isEmpty() ? List.of() : List.of(d.split(",")), java.util.Map.of());
                default -> null;
            };
            return event == null ? new HistoryEvent.Unknown(code, d) : event;
        } catch (RuntimeException unreadable) {
            return new HistoryEvent.Unknown(code, d); // a date or number that does not parse: kept as stored
        }
    }

    private static final Pattern DAYS = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})(?:–(\\d{4}-\\d{2}-\\d{2}))?");
    private static final Pattern PERIOD = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})–(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern COUNTS = Pattern.compile("(\\d+) → (\\d+); (\\d+) → (\\d+)");
    private static final Pattern IMPACT = Pattern.compile("(6|12):([01]{4})(?::(.*))?", Pattern.DOTALL);
    private static final Pattern ROUND = Pattern.compile("(.+)-(\\d+)");

    private static HistoryEvent confirmed(String d) {
        Matcher days = DAYS.matcher(d);
        if (!days.find()) return null;
        LocalDate from = LocalDate.parse(days.group(1));
        return new HistoryEvent.Confirmed(from, days.group(2) == null ? from : LocalDate.parse(days.group(2)));
    }

    private static HistoryEvent impact(String d) {
        Matcher m = IMPACT.matcher(d);
        if (!m.matches()) return null;
        String f = m.group(2);
        return new HistoryEvent.ImpactAnswered(Integer.parseInt(m.group(1)), f.charAt(0) == '1', f.charAt(1) == '1', f.charAt(2) == '1',
                f.charAt(3) == '1', m.group(3) == null ? "" : m.group(3));
    }

    /** The periods ({@code from–to}, one a line), then the visitor's message. */
    private static HistoryEvent otherDates(String d) {
        List<DateRange> dates = new ArrayList<>();
        // Split on "\n" exactly as it was joined, so a message's own line ends ("\r\n" from a form) stay as typed.
        List<String> lines = List.of(d.split("\n", -1));
        int i = 0;
        for (; i < lines.size(); i++) {
            Matcher period = PERIOD.matcher(lines.get(i));
            if (!period.matches()) break;
            dates.add(new DateRange(LocalDate.parse(period.group(1)), LocalDate.parse(period.group(2))));
        }
        return new HistoryEvent.OtherDatesAsked(dates, String.join("\n", lines.subList(i, lines.size())));
    }

    private static HistoryEvent participants(String d) {
        Matcher m = COUNTS.matcher(d);
        if (!m.matches()) return null;
        return new HistoryEvent.ParticipantsChanged(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    /** A task's key: its kind, and "-" and its round for those that have one ("impact-6", "unanswered-2"). */
    private static HistoryEvent skipped(String d) {
        if (d.isEmpty()) return null;
        Matcher m = ROUND.matcher(d);
        return m.matches() ? new HistoryEvent.TaskSkipped(m.group(1), Integer.parseInt(m.group(2))) : new HistoryEvent.TaskSkipped(d, 0);
    }

}
