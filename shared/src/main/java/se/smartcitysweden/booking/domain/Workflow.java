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
     * The agreed visit days, both included, and its plan (hours, meeting place, host, programme, notes: see
     * {@link VisitPlan}; empty until the coordinator gives it). The e-mails and the calendar invitation carry them.
     */
    public record Visit(LocalDate from, LocalDate to, VisitPlan plan) {
        public Visit {
            plan = plan == null ? VisitPlan.EMPTY : plan;
        }

        /** Days only, as the confirm action gave them before the plan. */
        public Visit(LocalDate from, LocalDate to) {
            this(from, to, VisitPlan.EMPTY);
        }

        /** The form before the plan: a start on the first day (to a working day's end), a place and a host. */
        public Visit(LocalDate from, LocalDate to, Optional<LocalTime> start, String place, String host, String hostPhone) {
            this(from, to, new VisitPlan(start.filter(s -> s.isBefore(LATEST_START))
                    .map(s -> List.of(new VisitPlan.DayHours(from, s, s.isBefore(LocalTime.of(16, 0)) ? LocalTime.of(17, 0) : s.plusHours(1))))
                    .orElse(List.of()), place, "", host, hostPhone, "", "", ""));
        }

        private static final LocalTime LATEST_START = LocalTime.of(22, 59);

        /** The start on the first day, Swedish time, when the plan gives one. */
        public Optional<LocalTime> start() {
            return plan.on(from).map(VisitPlan.DayHours::start);
        }

        public String place() { return plan.meetingPlace(); }

        public String host() { return plan.hostName(); }

        public String hostPhone() { return plan.hostPhone(); }

        public Visit withPlan(VisitPlan newPlan) {
            return new Visit(from, to, newPlan);
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
