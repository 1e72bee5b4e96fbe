package se.smartcitysweden.booking.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Workflow;

/** Every kind of history event, in each of its variants, and every kind of actor: for the tests that must cover them all. */
public final class HistoryExamples {
    private HistoryExamples() { }

    public static final Actor COORDINATOR = Actor.coordinator(Node.UMEA);

    public static List<HistoryEvent> events() {
        List<HistoryEvent> events = new ArrayList<>(List.of(
                new HistoryEvent.Acknowledged(),
                new HistoryEvent.Confirmed(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16")),
                new HistoryEvent.Confirmed(LocalDate.parse("2027-03-22"), LocalDate.parse("2027-03-22")),
                new HistoryEvent.Declined("Fully booked that week."),
                new HistoryEvent.Declined(""),
                new HistoryEvent.Cancelled("The delegation's trip was called off."),
                new HistoryEvent.Completed(),
                new HistoryEvent.Completed(14),
                new HistoryEvent.Completed(0),
                new HistoryEvent.Lapsed(LocalDate.parse("2027-03-12")),
                new HistoryEvent.OutcomeRecorded(),
                new HistoryEvent.OutcomeCorrected("Met two companies."),
                new HistoryEvent.Reopened(BookingStatus.DECLINED),
                new HistoryEvent.Reopened(BookingStatus.FOLLOWED_UP),
                new HistoryEvent.Erased(),
                new HistoryEvent.Anonymised(),
                new HistoryEvent.FeedbackGiven(5),
                new HistoryEvent.ImpactAnswered(6, true, false, true, false, "Two pilots with the city"),
                new HistoryEvent.ImpactAnswered(12, false, false, false, false, ""),
                new HistoryEvent.OtherDatesAsked(List.of(new DateRange(LocalDate.parse("2027-05-10"), LocalDate.parse("2027-05-12")),
                        new DateRange(LocalDate.parse("2027-06-01"), LocalDate.parse("2027-06-02"))), "Any week in May works.\r\nOr June.\r\n"),
                new HistoryEvent.OtherDatesAsked(List.of(new DateRange(LocalDate.parse("2027-05-10"), LocalDate.parse("2027-05-10"))), ""),
                new HistoryEvent.ParticipantsChanged(12, 14, 1, 2),
                new HistoryEvent.ParticipantsChanged(12, 14, 1, 2, java.util.Optional.of(List.of(
                        new se.smartcitysweden.booking.domain.BookingRequest.Participant("Ana Souza", "Porto", "Planner", "ana@example.org", "PT")))),
                new HistoryEvent.TakenOver(),
                new HistoryEvent.AcknowledgementLimited(false),
                new HistoryEvent.AcknowledgementLimited(true),
                new HistoryEvent.ContactUnreachable(false, "0100018f-bounce-1"),
                new HistoryEvent.ContactUnreachable(true, "complaint-1"),
                new HistoryEvent.NoteAdded("Called the delegation: they arrive by train."),
                new HistoryEvent.Assigned("anna@example.org", "Anna Berg"),
                new HistoryEvent.Assigned("bo@example.org", ""),
                new HistoryEvent.Assigned("", ""),
                new HistoryEvent.PlanChanged(List.of("hours", "meetingPlace", "host"), java.util.Map.of()),
                new HistoryEvent.Unknown("note-added", "A newer version's line")));
        // Every follow-up task the run can skip (and those it cannot), with its round where it has one.
        for (FollowUpPlan.Kind kind : FollowUpPlan.Kind.values()) {
            events.add(new FollowUpPlan.Task(kind, kind == FollowUpPlan.Kind.UNANSWERED ? 2 : kind.name().startsWith("IMPACT") ? 6
                    : kind == FollowUpPlan.Kind.NOTICE ? 3 : 0, Instant.EPOCH).skipped());
        }
        return events;
    }

    public static List<Actor> actors() {
        return List.of(COORDINATOR, new Actor(Actor.Kind.COORDINATOR, java.util.Optional.of(Node.MALMO), "Eva Lind", "eva@example.org"),
                Actor.of(Actor.Kind.NATIONAL_OFFICE), new Actor(Actor.Kind.NATIONAL_OFFICE, java.util.Optional.empty(), "Per Holm", ""),
                Actor.visitor(), Actor.of(Actor.Kind.FOLLOW_UP), Actor.of(Actor.Kind.NOTIFICATION), Actor.of(Actor.Kind.MAIL_PROVIDER),
                Actor.of(Actor.Kind.SYSTEM));
    }

    /** Every event once, one minute apart from {@code start}, by the actors in turn. */
    public static List<Workflow.HistoryEntry> history(Instant start) {
        List<HistoryEvent> events = events();
        List<Actor> actors = actors();
        List<Workflow.HistoryEntry> history = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            history.add(new Workflow.HistoryEntry(start.plusSeconds(60L * i), actors.get(i % actors.size()), events.get(i)));
        }
        return history;
    }
}
