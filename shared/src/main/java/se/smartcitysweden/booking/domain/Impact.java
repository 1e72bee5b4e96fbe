package se.smartcitysweden.booking.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The visitor's answers to the impact survey, 6 and 12 months after the visit: did contacts,
 * deals, collaborations or policy changes follow, and a note. Kept as "impact" history lines
 * (detail {@code <months>:<four 0/1 flags>:<note>}), so the workflow's stored shape stays as it is;
 * anonymisation keeps the months and flags (statistics) and drops the note (free text).
 */
public record Impact(int months, boolean contacts, boolean deals, boolean collaborations, boolean policy, String note) {
    public static final String ACTION = "impact";
    public static final int FIRST = 6;
    public static final int SECOND = 12;
    public static final int NOTE_MAX = 2000;

    public Impact {
        if (months != FIRST && months != SECOND) throw new IllegalArgumentException("months must be 6 or 12");
        note = note == null ? "" : note.strip();
    }

    public String detail() {
        return months + ":" + flag(contacts) + flag(deals) + flag(collaborations) + flag(policy) + ":" + note;
    }

    /** The detail without the note: what anonymisation keeps. */
    static String statisticalDetail(String detail) {
        int second = detail.indexOf(':', detail.indexOf(':') + 1);
        return second < 0 ? detail : detail.substring(0, second + 1);
    }

    /** The answer a history line's detail holds; empty when it is not one. */
    public static Optional<Impact> parse(String detail) {
        String[] parts = detail.split(":", 3);
        if (parts.length < 2 || !parts[1].matches("[01]{4}") || !parts[0].matches("6|12")) return Optional.empty();
        String f = parts[1];
        return Optional.of(new Impact(Integer.parseInt(parts[0]), f.charAt(0) == '1', f.charAt(1) == '1', f.charAt(2) == '1',
                f.charAt(3) == '1', parts.length == 3 ? parts[2] : ""));
    }

    /** The latest answer of each round (6, 12), in the order answered. */
    public static Map<Integer, Impact> answers(Workflow workflow) {
        Map<Integer, Impact> answers = new LinkedHashMap<>();
        for (Workflow.HistoryEntry e : workflow.history()) {
            if (e.action().equals(ACTION)) parse(e.detail()).ifPresent(a -> answers.put(a.months(), a));
        }
        return answers;
    }

    /** The survey the visitor's link answers now: the 12-month one once it was sent, else the 6-month one. */
    public static Optional<Integer> openRound(Workflow workflow) {
        if (workflow.followUpsSent().containsKey(FollowUpPlan.impactKey(SECOND))) return Optional.of(SECOND);
        if (workflow.followUpsSent().containsKey(FollowUpPlan.impactKey(FIRST))) return Optional.of(FIRST);
        return Optional.empty();
    }

    private static char flag(boolean value) {
        return value ? '1' : '0';
    }
}
