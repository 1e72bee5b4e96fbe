package se.smartcitysweden.booking.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that happened to a booking after it was submitted: its history, the agreed visit,
 * why it was declined, its outcome, the visitor's feedback and the follow-up e-mails sent.
 */
public record Workflow(List<HistoryEntry> history, Optional<Visit> visit, String reason, Optional<Outcome> outcome,
                       Optional<Feedback> feedback, Map<String, Instant> followUpsSent) {

    public Workflow {
        history = List.copyOf(history);
        followUpsSent = Map.copyOf(followUpsSent);
    }

    public static Workflow empty() {
        return new Workflow(List.of(), Optional.empty(), "", Optional.empty(), Optional.empty(), Map.of());
    }

    /** One line of history: who did what, when. */
    public record HistoryEntry(Instant at, String actor, String action, String detail) { }

    /** The agreed visit days, both included. */
    public record Visit(LocalDate from, LocalDate to) { }

    public record Outcome(String text, List<String> companiesMet, boolean businessInterest, Instant recordedAt) {
        public Outcome {
            companiesMet = List.copyOf(companiesMet);
        }
    }

    public record Feedback(int rating, String comment, Instant givenAt) { }

    public Workflow with(HistoryEntry entry) {
        List<HistoryEntry> longer = new ArrayList<>(history);
        longer.add(entry);
        return new Workflow(longer, visit, reason, outcome, feedback, followUpsSent);
    }

    public Workflow withVisit(Visit newVisit) {
        return new Workflow(history, Optional.of(newVisit), reason, outcome, feedback, followUpsSent);
    }

    public Workflow withReason(String newReason) {
        return new Workflow(history, visit, newReason, outcome, feedback, followUpsSent);
    }

    public Workflow withOutcome(Outcome newOutcome) {
        return new Workflow(history, visit, reason, Optional.of(newOutcome), feedback, followUpsSent);
    }

    public Workflow withFeedback(Feedback newFeedback) {
        return new Workflow(history, visit, reason, outcome, Optional.of(newFeedback), followUpsSent);
    }

    public Workflow withFollowUpSent(String key, Instant at) {
        Map<String, Instant> sent = new LinkedHashMap<>(followUpsSent);
        sent.put(key, at);
        return new Workflow(history, visit, reason, outcome, feedback, sent);
    }
}
