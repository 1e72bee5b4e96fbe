package se.smartcitysweden.booking.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The visitor's answers to the impact survey, 6 and 12 months after the visit: did contacts,
 * deals, collaborations or policy changes follow, and a note. Kept as history lines
 * ({@link HistoryEvent.ImpactAnswered}); anonymisation keeps the months and answers (statistics)
 * and drops the note (free text).
 */
public record Impact(int months, boolean contacts, boolean deals, boolean collaborations, boolean policy, String note) {
    public static final int FIRST = 6;
    public static final int SECOND = 12;
    public static final int NOTE_MAX = 2000;

    public Impact {
        if (months != FIRST && months != SECOND) throw new IllegalArgumentException("months must be 6 or 12");
        note = note == null ? "" : note.strip();
    }

    /** The history line's event that records this answer. */
    public HistoryEvent.ImpactAnswered event() {
        return new HistoryEvent.ImpactAnswered(months, contacts, deals, collaborations, policy, note);
    }

    /** The four answers as 0/1, in the survey's order (as the overview's rows keep them). */
    public String flags() {
        return event().flags();
    }

    /** The answer of {@code months} with the given {@link #flags()} and no note (an overview row's). */
    public static Impact ofFlags(int months, String flags) {
        if (!flags.matches("[01]{4}")) throw new IllegalArgumentException("four 0/1 flags expected");
        return new Impact(months, flags.charAt(0) == '1', flags.charAt(1) == '1', flags.charAt(2) == '1',
                flags.charAt(3) == '1', "");
    }

    /** The latest answer of each round (6, 12), in the order answered. */
    public static Map<Integer, Impact> answers(Workflow workflow) {
        Map<Integer, Impact> answers = new LinkedHashMap<>();
        for (Workflow.HistoryEntry e : workflow.history()) {
            if (e.event() instanceof HistoryEvent.ImpactAnswered a && (a.months() == FIRST || a.months() == SECOND)) {
                answers.put(a.months(), new Impact(a.months(), a.contacts(), a.deals(), a.collaborations(), a.policy(), a.note()));
            }
        }
        return answers;
    }

    /** When the latest answer of the survey of {@code months} was given; empty when it was not. */
    public static Optional<Instant> answeredAt(Workflow workflow, int months) {
        return workflow.history().stream()
                .filter(e -> e.event() instanceof HistoryEvent.ImpactAnswered a && a.months() == months)
                .map(Workflow.HistoryEntry::at).reduce((first, last) -> last);
    }

    /** The survey the visitor's link answers now: the 12-month one once it was sent, else the 6-month one. */
    public static Optional<Integer> openRound(Workflow workflow) {
        if (workflow.followUpsSent().containsKey(FollowUpPlan.impactKey(SECOND))) return Optional.of(SECOND);
        if (workflow.followUpsSent().containsKey(FollowUpPlan.impactKey(FIRST))) return Optional.of(FIRST);
        return Optional.empty();
    }
}
