package se.smartcitysweden.booking.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;

/**
 * What happened to a booking, as data: each kind with its own fields. Words are made only when the
 * history is shown, in the reader's language (history.HistorySentences); nothing reads a sentence back.
 *
 * <p>{@link #code()} is the kind's word, stored in the item and shown as "action" in the JSON
 * answers. {@link #detail()} is the one string the history stored before it was data; it is still
 * written beside the fields, for readers of that form (a function not yet updated during a deploy,
 * a rollback) and the JSON answers' "detail", and {@link #parse} reads it back once, for items
 * written before. Code never compares or splits it.
 */
public sealed interface HistoryEvent {
    String code();

    /** The fields in the old one-string form; see the type's comment. */
    default String detail() {
        return "";
    }

    /** The event without free text or message ids (anonymisation): what national reporting may keep. */
    default HistoryEvent withoutPersonalData() {
        return this;
    }

    record Acknowledged() implements HistoryEvent {
        public String code() { return "acknowledge"; }
    }

    /** The visit's days, both included (a later confirmation with other days moves the visit). */
    record Confirmed(LocalDate from, LocalDate to) implements HistoryEvent {
        public String code() { return "confirm"; }

        public String detail() { return from.equals(to) ? from.toString() : from + "–" + to; }
    }

    record Declined(String reason) implements HistoryEvent {
        public Declined { reason = text(reason); }

        public String code() { return "decline"; }

        public String detail() { return reason; }

        public HistoryEvent withoutPersonalData() { return new Declined(""); }
    }

    /** By a coordinator or by the visitor (the actor says which). */
    record Cancelled(String reason) implements HistoryEvent {
        public Cancelled { reason = text(reason); }

        public String code() { return "cancel"; }

        public String detail() { return reason; }

        public HistoryEvent withoutPersonalData() { return new Cancelled(""); }
    }

    /**
     * The visit marked done, with how many came ({@code attended}): 0 is a no-show (nobody came), and
     * {@link #NOT_COUNTED} a line written before the count was asked (it counts as a visit that happened).
     */
    record Completed(int attended) implements HistoryEvent {
        public static final int NOT_COUNTED = -1;

        public Completed {
            if (attended < NOT_COUNTED) attended = NOT_COUNTED;
        }

        /** A line without a count (stored before it was asked). */
        public Completed() {
            this(NOT_COUNTED);
        }

        public String code() { return "complete"; }

        public String detail() { return attended == NOT_COUNTED ? "" : Integer.toString(attended); }

        /** Nobody came: no thank-you, no survey, no outcome reminder. */
        public boolean noShow() { return attended == 0; }
    }

    record OutcomeRecorded() implements HistoryEvent {
        public String code() { return "record-outcome"; }
    }

    /** A recorded outcome replaced; {@code replaced} is the text it had, so both versions stay on record. */
    record OutcomeCorrected(String replaced) implements HistoryEvent {
        public OutcomeCorrected { replaced = text(replaced); }

        public String code() { return "correct-outcome"; }

        public String detail() { return replaced; }

        public HistoryEvent withoutPersonalData() { return new OutcomeCorrected(""); }
    }

    /** A decline or a recorded outcome undone; {@code from} is the state it left (declined or followed-up). */
    record Reopened(BookingStatus from) implements HistoryEvent {
        public String code() { return "reopen"; }

        public String detail() { return from.id(); }
    }

    /** The personal data removed because someone asked for it. */
    record Erased() implements HistoryEvent {
        public String code() { return "erase"; }
    }

    /** The personal data removed because its time was up. */
    record Anonymised() implements HistoryEvent {
        public String code() { return "anonymise"; }
    }

    record FeedbackGiven(int rating) implements HistoryEvent {
        public String code() { return "feedback"; }

        public String detail() { return Integer.toString(rating); }
    }

    /** The visitor's answer to the impact survey of {@code months} (6 or 12) after the visit. */
    record ImpactAnswered(int months, boolean contacts, boolean deals, boolean collaborations, boolean policy,
                          String note) implements HistoryEvent {
        public ImpactAnswered { note = text(note); }

        public String code() { return "impact"; }

        public String detail() { return months + ":" + flags() + ":" + note; }

        /** The four answers as 0/1, in the survey's order (contacts, deals, collaborations, policy). */
        public String flags() {
            return "" + flag(contacts) + flag(deals) + flag(collaborations) + flag(policy);
        }

        public HistoryEvent withoutPersonalData() {
            return new ImpactAnswered(months, contacts, deals, collaborations, policy, "");
        }

        private static char flag(boolean value) { return value ? '1' : '0'; }
    }

    /** The visitor's new preferred periods, with their word to the coordinator (empty when none). */
    record OtherDatesAsked(List<DateRange> dates, String message) implements HistoryEvent {
        public OtherDatesAsked {
            dates = List.copyOf(dates);
            message = text(message).isBlank() ? "" : message;
        }

        public String code() { return "visitor-dates"; }

        public String detail() {
            String periods = dates.stream().map(d -> d.from() + "–" + d.to()).collect(Collectors.joining("\n"));
            return message.isEmpty() ? periods : periods + "\n" + message;
        }

        public HistoryEvent withoutPersonalData() { return new OtherDatesAsked(dates, ""); }
    }

    /**
     * The visitor changed the expected number of participants and the named list. {@code told}: on the first
     * change after the coordinators' last mail about the participants (an editing session's start), the list as
     * they last heard of it, so the follow-up's one mail for the session says who was added, removed or changed;
     * empty on the session's later changes (and on lines written before sessions were batched).
     */
    record ParticipantsChanged(int expectedBefore, int expectedAfter, int namedBefore, int namedAfter,
                               Optional<List<BookingRequest.Participant>> told) implements HistoryEvent {
        public ParticipantsChanged {
            told = told == null ? Optional.empty() : told.map(List::copyOf);
        }

        public ParticipantsChanged(int expectedBefore, int expectedAfter, int namedBefore, int namedAfter) {
            this(expectedBefore, expectedAfter, namedBefore, namedAfter, Optional.empty());
        }

        public String code() { return "visitor-participants"; }

        public HistoryEvent withoutPersonalData() {
            return new ParticipantsChanged(expectedBefore, expectedAfter, namedBefore, namedAfter, Optional.empty());
        }

        public String detail() { return expectedBefore + " → " + expectedAfter + "; " + namedBefore + " → " + namedAfter; }
    }

    /**
     * A follow-up task whose moment passed before a run could do it: {@code task} is its kind as the
     * follow-up names it ("prepare", "impact"), {@code step} its round (the survey's months, the
     * reminder's number), 0 when it has none.
     */
    record TaskSkipped(String task, int step) implements HistoryEvent {
        public TaskSkipped { task = text(task); }

        public String code() { return "skipped"; }

        public String detail() { return step > 0 ? task + "-" + step : task; }
    }

    /** Nobody answered after the last reminder: the national office has the booking. */
    record TakenOver() implements HistoryEvent {
        public String code() { return "taken-over"; }
    }

    /**
     * The request's preferred periods all passed (the last one ended on {@code lastDay}) without a
     * visit being confirmed: the follow-up closed it (the booking is cancelled by the follow-up), told
     * the visitor with an apology and a way to book again, and told the node (and the national office).
     */
    record Lapsed(LocalDate lastDay) implements HistoryEvent {
        public String code() { return "lapsed"; }

        public String detail() { return lastDay.toString(); }
    }

    /**
     * The acknowledgement held back by the limit per address: to the visitor ({@code organiserCopy}
     * false: nothing went), or only the organiser's copy.
     */
    record AcknowledgementLimited(boolean organiserCopy) implements HistoryEvent {
        public String code() { return "acknowledgement-skipped"; }

        public String detail() { return organiserCopy ? "organiser-address-limit" : "contact-address-limit"; }
    }

    /** The mail provider reported an e-mail to the visitor bounced, or the visitor marked it as spam. */
    record ContactUnreachable(boolean complaint, String messageId) implements HistoryEvent {
        public ContactUnreachable { messageId = text(messageId); }

        public String code() { return "contact-unreachable"; }

        public String detail() { return (complaint ? "complaint " : "bounce ") + messageId; }

        public HistoryEvent withoutPersonalData() { return new ContactUnreachable(complaint, ""); }
    }

    /**
     * An internal note of the booking's staff (a coordinator or the national office, the entry's actor says who):
     * never shown to the visitor nor put in a mail to them; it goes with the personal data.
     */
    record NoteAdded(String text) implements HistoryEvent {
        public NoteAdded { text = text == null ? "" : text; }

        public String code() { return "note"; }

        public String detail() { return text; }

        public HistoryEvent withoutPersonalData() { return new NoteAdded(""); }
    }

    /**
     * The booking given to one person of its node ({@code email}, with the directory's {@code name} then,
     * empty when unnamed), or taken back from them ({@code email} empty). The latest such entry says who has it.
     */
    record Assigned(String email, String name) implements HistoryEvent {
        public Assigned {
            email = text(email);
            name = text(name);
        }

        public String code() { return "assign"; }

        public String detail() { return name.isEmpty() ? email : email + " " + name; }
    }

    /**
     * The coordinator changed the visit plan of a confirmed visit: {@code changed} names what changed, as
     * {@link VisitPlan}'s parts ("hours", "meetingPlace", "mapUrl", "host", "programme", "notes"), in that order;
     * {@code before} what each changed part was ({@link VisitPlan#part}), so the visitor's mail says old → new.
     */
    record PlanChanged(List<String> changed, java.util.Map<String, String> before) implements HistoryEvent {
        public static final List<String> PARTS = List.of("hours", "meetingPlace", "mapUrl", "host", "programme", "notes");

        public PlanChanged {
            changed = List.copyOf(changed);
            before = java.util.Map.copyOf(before);
        }

        public String code() { return "plan-changed"; }

        public String detail() { return String.join(",", changed); }

        public HistoryEvent withoutPersonalData() { return new PlanChanged(changed, java.util.Map.of()); }
    }

    /**
     * A line this version cannot read as one of the kinds above (a newer version's kind, during a
     * rollback): kept as it was stored, so writing the history back loses nothing.
     */
    record Unknown(String code, String detail) implements HistoryEvent {
        public Unknown {
            code = text(code);
            detail = text(detail);
        }

        public HistoryEvent withoutPersonalData() { return new Unknown(code, ""); }
    }

    /** The event a line stored before history was data holds: its action and detail, read once. */
    static HistoryEvent parse(String action, String detail) {
        return OldHistoryLine.parse(text(action), text(detail));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
