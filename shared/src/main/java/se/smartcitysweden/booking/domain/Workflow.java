package se.smartcitysweden.booking.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
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

    /**
     * One line of history: when, who ({@code by}) and what ({@code event}), as data; the sentence is
     * made when it is shown, in the reader's language (history.HistorySentences).
     */
    public record HistoryEntry(Instant at, Actor by, HistoryEvent event) {
        /** A line in the form stored before history was data (an actor's id, an action and its detail), read once. */
        public HistoryEntry(Instant at, String actor, String action, String detail) {
            this(at, Actor.fromId(actor), HistoryEvent.parse(action, detail));
        }

        /** The actor's id, as stored and in the JSON answers: "coordinator:umea", "visitor", "follow-up". */
        public String actor() {
            return by.id();
        }

        /** The event's code word, as stored and in the JSON answers: "confirm", "visitor-dates". */
        public String action() {
            return event.code();
        }

        /** The event's fields in the old one-string form (see {@link HistoryEvent}): for the JSON answers, never to parse. */
        public String detail() {
            return event.detail();
        }
    }

    /**
     * The agreed visit days, both included, and what the coordinator may add when confirming: the
     * start time on the first day (Swedish time), the meeting place and the host's name and phone
     * (empty strings when not given). The e-mails and the calendar invitation carry them.
     */
    public record Visit(LocalDate from, LocalDate to, Optional<LocalTime> start, String place, String host, String hostPhone) {
        public Visit {
            place = place == null ? "" : place;
            host = host == null ? "" : host;
            hostPhone = hostPhone == null ? "" : hostPhone;
        }

        /** Days only, as the confirm action gives them today. */
        public Visit(LocalDate from, LocalDate to) {
            this(from, to, Optional.empty(), "", "", "");
        }
    }

    public record Outcome(String text, List<String> companiesMet, boolean businessInterest, Instant recordedAt) {
        public Outcome {
            companiesMet = List.copyOf(companiesMet);
        }
    }

    public record Feedback(int rating, String comment, Instant givenAt) { }

    /** Who has the booking now: the latest assignment, unless it was taken back. */
    public Optional<HistoryEvent.Assigned> assignee() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).event() instanceof HistoryEvent.Assigned a) return a.email().isEmpty() ? Optional.empty() : Optional.of(a);
        }
        return Optional.empty();
    }

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
