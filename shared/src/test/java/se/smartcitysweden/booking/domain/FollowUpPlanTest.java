package se.smartcitysweden.booking.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.workflow.CoordinatorAction;
import se.smartcitysweden.booking.workflow.Transitions;

class FollowUpPlanTest {
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final Actor UMEA = Actor.coordinator(se.smartcitysweden.booking.domain.Node.UMEA);
    private final WorkingDays days = WorkingDays.sweden();
    private final FollowUpPlan plan = new FollowUpPlan(days);

    private static BookingCase submittedOn(String date) {
        LocalDate day = LocalDate.parse(date);
        Booking booking = new Booking("b", "UME-22222", BookingStatus.SUBMITTED, day.atTime(10, 0).atZone(SWEDEN).toInstant(),
                BookingRequestParser.parse(BookingJson.valid(day), day).request().orElseThrow());
        return new BookingCase(booking, 1, Workflow.empty(), "sent");
    }

    private static Instant morning(String date) {
        return LocalDate.parse(date).atTime(7, 0).atZone(SWEDEN).toInstant();
    }

    @Test
    void givenSwedishHolidays_whenCountingWorkingDays_thenTheyAreSkipped() {
        assertFalse(days.isWorkingDay(LocalDate.parse("2026-12-24")), "Christmas Eve");
        assertFalse(days.isWorkingDay(LocalDate.parse("2027-06-25")), "Midsummer Eve");
        assertFalse(days.isWorkingDay(LocalDate.parse("2027-03-29")), "Easter Monday");
        assertFalse(days.isWorkingDay(LocalDate.parse("2027-01-06")), "Epiphany");
        assertTrue(days.isWorkingDay(LocalDate.parse("2027-03-30")));
        assertEquals(LocalDate.parse("2027-03-31"), days.plusWorkingDays(LocalDate.parse("2027-03-25"), 2), "over Easter");
    }

    @Test
    void givenASubmittedBooking_whenPlanned_thenTheFirstReminderIsDueAfterTwoFullWorkingDays() {
        BookingCase friday = submittedOn("2027-03-05");
        assertEquals(morning("2027-03-10").minusSeconds(7 * 3600), plan.nextDue(friday).orElseThrow());
        assertEquals(List.of(), plan.dueTasks(friday, morning("2027-03-09")));
        assertEquals("unanswered-1", plan.dueTasks(friday, morning("2027-03-10")).get(0).key());
    }

    @Test
    void givenRemindersMissedForDays_whenPlanned_thenOnlyTheLatestIsDue() {
        List<FollowUpPlan.Task> due = plan.dueTasks(submittedOn("2027-03-01"), morning("2027-03-31"));
        assertEquals(List.of("unanswered-3"), due.stream().map(FollowUpPlan.Task::key).toList());
    }

    @Test
    void givenAnAnsweredBooking_whenPlanned_thenNothingIsDue() {
        BookingCase c = submittedOn("2027-03-01");
        BookingCase acknowledged = ((Transitions.Result.Applied) Transitions.apply(c, new CoordinatorAction.Acknowledge(),
                UMEA, morning("2027-03-02"))).after();
        // No reminder: nothing until its preferred dates have all passed (2027-04-30 – 2027-05-02), when it lapses.
        assertEquals(LocalDate.parse("2027-05-03").atStartOfDay(SWEDEN).toInstant(), plan.nextDue(acknowledged).orElseThrow());
    }

    @Test
    void givenAConfirmedVisit_whenPlanned_thenPreparationAndThanksAreDueAroundIt() {
        BookingCase c = submittedOn("2027-03-01");
        BookingCase confirmed = ((Transitions.Result.Applied) Transitions.apply(c,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-04-20"), LocalDate.parse("2027-04-21")),
                UMEA, morning("2027-03-02"))).after();
        confirmed = confirmed.next(confirmed.workflow().withFollowUpSent(FollowUpPlan.noticeKey(confirmed).orElseThrow(),
                morning("2027-03-02")));
        assertEquals(List.of("prepare", "practical"), plan.dueTasks(confirmed, morning("2027-04-13")).stream()
                .map(FollowUpPlan.Task::key).toList());
        // The day after, the week-before mails are stale (issue 9, item 5): skipped, never sent late.
        assertEquals(List.of("visit-done", "thanks"), plan.dueTasks(confirmed, morning("2027-04-22"))
                .stream().map(FollowUpPlan.Task::key).toList());
    }

    @Test
    void givenEachStatus_whenAnActionIsTried_thenOnlyTheAllowedOnesApply() {
        BookingCase c = submittedOn("2027-03-01");
        assertInstanceOf(Transitions.Result.NotAllowed.class, Transitions.apply(c, new CoordinatorAction.Complete(12), UMEA, Instant.now()));
        BookingCase declined = ((Transitions.Result.Applied) Transitions.apply(c, new CoordinatorAction.Decline("Full"), UMEA,
                Instant.now())).after();
        assertEquals(BookingStatus.DECLINED, declined.status());
        assertEquals(List.of(), Transitions.allowedActions(BookingStatus.DECLINED));
        assertInstanceOf(Transitions.Result.NotAllowed.class, Transitions.apply(declined, new CoordinatorAction.Acknowledge(), UMEA,
                Instant.now()));
    }

    private static BookingCase applied(BookingCase c, CoordinatorAction action, Instant at) {
        return ((Transitions.Result.Applied) Transitions.apply(c, action, UMEA, at)).after();
    }

    private static BookingCase confirmedFor(String from, String to) {
        BookingCase confirmed = applied(submittedOn("2027-03-01"),
                new CoordinatorAction.Confirm(LocalDate.parse(from), LocalDate.parse(to)), morning("2027-03-02"));
        return confirmed.next(confirmed.workflow().withFollowUpSent(FollowUpPlan.noticeKey(confirmed).orElseThrow(),
                morning("2027-03-02")));
    }

    private List<String> due(BookingCase c, String date) {
        return plan.dueTasks(c, morning(date)).stream().map(FollowUpPlan.Task::key).toList();
    }

    @Test
    void givenAVisitMonthsAhead_whenMarkedDone_thenItIsRefusedUntilTheVisitsFirstDay() {
        BookingCase confirmed = confirmedFor("2027-04-20", "2027-04-21");
        assertInstanceOf(Transitions.Result.NotAllowed.class, Transitions.apply(confirmed, new CoordinatorAction.Complete(12),
                UMEA, morning("2027-03-03")));
        // 23:59 the evening before, Swedish time, is still too early; the first day's morning is not.
        Instant eveningBefore = LocalDate.parse("2027-04-19").atTime(23, 59).atZone(SWEDEN).toInstant();
        assertInstanceOf(Transitions.Result.NotAllowed.class, Transitions.apply(confirmed, new CoordinatorAction.Complete(12),
                UMEA, eveningBefore));
        assertInstanceOf(Transitions.Result.Applied.class, Transitions.apply(confirmed, new CoordinatorAction.Complete(12),
                UMEA, morning("2027-04-20")));
    }

    @Test
    void givenAVisitMarkedDoneOnItsLastDay_whenPlanned_thenTheVisitorIsStillThankedTheDayAfter() {
        BookingCase done = applied(confirmedFor("2027-04-20", "2027-04-21"), new CoordinatorAction.Complete(12),
                LocalDate.parse("2027-04-21").atTime(15, 0).atZone(SWEDEN).toInstant());
        assertEquals(List.of(), due(done, "2027-04-21"));
        assertEquals(List.of("thanks"), due(done, "2027-04-22"));
        BookingCase recorded = applied(done, new CoordinatorAction.RecordOutcome("Good.", List.of(), false),
                LocalDate.parse("2027-04-21").atTime(16, 0).atZone(SWEDEN).toInstant());
        assertEquals(List.of("thanks"), due(recorded, "2027-04-22"), "an outcome recorded on the last day too");
    }

    @Test
    void givenAVisitMarkedDoneOnItsFirstDay_whenPlanned_thenTheOutcomeReminderComesOnlyTwoWeeksAfterItsEnd() {
        BookingCase done = applied(confirmedFor("2027-04-20", "2027-05-10"), new CoordinatorAction.Complete(12),
                morning("2027-04-20"));
        assertFalse(due(done, "2027-05-10").contains("outcome-missing"), "never before the visit's end");
        assertFalse(due(done, "2027-05-24").contains("outcome-missing"));
        assertTrue(due(done, "2027-05-25").contains("outcome-missing"));
    }

    @Test
    void givenAVisitConfirmedTheDayBefore_whenTheMorningAfterItRuns_thenThePreVisitMailsAreStaleAndOnlyTheThanksGo() {
        BookingCase confirmed = confirmedFor("2027-04-20", "2027-04-20");
        assertEquals(List.of("visit-done", "thanks"), due(confirmed, "2027-04-21"));
        assertEquals(List.of("prepare", "practical"), plan.staleTasks(confirmed, morning("2027-04-21")).stream()
                .map(FollowUpPlan.Task::key).toList());
    }

    @Test
    void givenNoAnswerAfterTheThirdReminder_whenPlanned_thenTheNationalOfficeTakesOverTwoWorkingDaysLater() {
        BookingCase c = submittedOn("2027-03-01");
        assertEquals(List.of("unanswered-3"), due(c, "2027-03-10"));
        BookingCase reminded = c.next(c.workflow().withFollowUpSent("unanswered-3", morning("2027-03-10")));
        assertEquals(List.of(), due(reminded, "2027-03-11"));
        assertEquals(List.of("taken-over", "taken-over-notice"), due(reminded, "2027-03-12"));
        BookingCase acknowledged = applied(reminded, new CoordinatorAction.Acknowledge(), morning("2027-03-11"));
        assertEquals(List.of(), due(acknowledged, "2027-03-12"), "answered meanwhile: nothing to take over");
    }

    @Test
    void givenAnyBooking_whenItsPersonalDataTimeComes_thenItIsAnonymisedFourteenDaysBeforeItsExpiry() {
        PersonalData twelve = new PersonalData(12);
        FollowUpPlan short12 = new FollowUpPlan(days, twelve);
        BookingCase neverAnswered = submittedOn("2027-03-01");
        assertEquals(LocalDate.parse("2028-03-02").atStartOfDay(SWEDEN).toInstant(),
                twelve.expiresAt(neverAnswered.booking(), Optional.empty()));
        assertTrue(short12.dueTasks(neverAnswered, morning("2028-02-16")).stream().noneMatch(t -> t.kind() == FollowUpPlan.Kind.ANONYMISE));
        assertTrue(short12.dueTasks(neverAnswered, morning("2028-02-17")).stream().anyMatch(t -> t.kind() == FollowUpPlan.Kind.ANONYMISE));
        // A visit moves the deadline to after the visit's last day.
        BookingCase recorded = applied(applied(confirmedFor("2027-04-20", "2027-04-21"), new CoordinatorAction.Complete(12),
                morning("2027-04-21")), new CoordinatorAction.RecordOutcome("Good.", List.of(), true), morning("2027-04-21"));
        recorded = recorded.next(recorded.workflow().withFollowUpSent("thanks", morning("2027-04-22")));
        assertEquals(LocalDate.parse("2027-10-21").atStartOfDay(SWEDEN).toInstant(), short12.nextDue(recorded).orElseThrow(),
                "the 6-month impact survey comes first");
        recorded = recorded.next(recorded.workflow().withFollowUpSent("impact-6", morning("2027-10-21"))
                .withFollowUpSent("impact-reminder-6", morning("2027-11-04")));
        // With 12 months' retention the anonymisation comes before the 12-month survey, which then never goes.
        assertEquals(LocalDate.parse("2028-04-08").atStartOfDay(SWEDEN).toInstant(), short12.nextDue(recorded).orElseThrow());
        BookingCase atTwelve = PersonalData.anonymise(recorded, "follow-up", PersonalData.ANONYMISE, "", morning("2028-04-08"));
        assertEquals(List.of(), short12.dueTasks(atTwelve, morning("2028-04-21")));
        BookingCase anonymised = PersonalData.anonymise(neverAnswered, "follow-up", PersonalData.ANONYMISE, "", morning("2028-02-17"));
        assertEquals(Optional.empty(), short12.nextDue(anonymised), "a statistical record has nothing left to do");
        assertEquals(BookingStatus.CANCELLED, anonymised.status(), "nobody is left to answer");
    }

    @Test
    void givenANoShow_whenPlanned_thenNoThanksNoSurveyAndNoOutcomeReminderFollow() {
        BookingCase noShow = applied(confirmedFor("2027-04-20", "2027-04-20"), new CoordinatorAction.Complete(0),
                LocalDate.parse("2027-04-20").atTime(15, 0).atZone(SWEDEN).toInstant());
        assertTrue(FollowUpPlan.noShow(noShow.workflow()));
        assertEquals(Optional.of(0), FollowUpPlan.attended(noShow.workflow()));
        assertEquals(List.of(), due(noShow, "2027-04-21"), "no thank-you");
        assertEquals(List.of(), due(noShow, "2027-05-10"), "no outcome reminder");
        assertEquals(List.of(), due(noShow, "2027-10-21"), "no impact survey");
        BookingCase came = applied(confirmedFor("2027-04-20", "2027-04-20"), new CoordinatorAction.Complete(9),
                LocalDate.parse("2027-04-20").atTime(15, 0).atZone(SWEDEN).toInstant());
        assertEquals(Optional.of(9), FollowUpPlan.attended(came.workflow()));
        assertEquals(List.of("thanks"), due(came, "2027-04-21"), "a visit that happened is thanked");
    }

    @Test
    void givenAnOpenRequestWhoseDatesAllPassed_whenPlanned_thenItLapsesTheMorningAfterAndRemindersStop() {
        BookingCase c = submittedOn("2027-03-01"); // preferred 2027-04-30 – 2027-05-02
        assertEquals(Optional.of(LocalDate.parse("2027-05-03")), FollowUpPlan.lapseDay(c));
        BookingCase reminded = c.next(c.workflow().withFollowUpSent("unanswered-1", morning("2027-03-04")));
        assertFalse(due(reminded, "2027-05-02").contains("lapsed"), "not while a preferred day is left");
        assertEquals(List.of("lapsed", "lapsed-notice"), due(reminded, "2027-05-03"), "no reminder or take-over beside it");
        BookingCase acknowledged = applied(c, new CoordinatorAction.Acknowledge(), morning("2027-03-02"));
        assertEquals(List.of("lapsed", "lapsed-notice"), due(acknowledged, "2027-05-04"), "acknowledged but never confirmed too");
        BookingCase confirmed = confirmedFor("2027-05-01", "2027-05-01");
        assertEquals(Optional.empty(), FollowUpPlan.lapseDay(confirmed), "a confirmed visit never lapses");
        // Closed: cancelled with its Lapsed line; its two messages are due until sent, and nothing else.
        BookingCase closed = c.next(BookingStatus.CANCELLED, c.workflow().withFollowUpSent("lapsed", morning("2027-05-03"))
                .with(new Workflow.HistoryEntry(morning("2027-05-03"), Actor.of(Actor.Kind.FOLLOW_UP),
                        new HistoryEvent.Lapsed(LocalDate.parse("2027-05-02")))));
        assertEquals(List.of("lapsed-notice"), due(closed, "2027-05-04"));
        BookingCase told = closed.next(closed.workflow().withFollowUpSent("lapsed-notice", morning("2027-05-03")));
        assertEquals(List.of(), due(told, "2027-06-01"));
    }
}
