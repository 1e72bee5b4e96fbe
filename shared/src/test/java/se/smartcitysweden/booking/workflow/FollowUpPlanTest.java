package se.smartcitysweden.booking.workflow;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

class FollowUpPlanTest {
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
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
                "coordinator:umea", morning("2027-03-02"))).after();
        assertTrue(plan.nextDue(acknowledged).isEmpty());
    }

    @Test
    void givenAConfirmedVisit_whenPlanned_thenPreparationAndThanksAreDueAroundIt() {
        BookingCase c = submittedOn("2027-03-01");
        BookingCase confirmed = ((Transitions.Result.Applied) Transitions.apply(c,
                new CoordinatorAction.Confirm(LocalDate.parse("2027-04-20"), LocalDate.parse("2027-04-21")),
                "coordinator:umea", morning("2027-03-02"))).after();
        confirmed = confirmed.next(confirmed.workflow().withFollowUpSent(FollowUpPlan.noticeKey(confirmed).orElseThrow(),
                morning("2027-03-02")));
        assertEquals(List.of("prepare", "practical"), plan.dueTasks(confirmed, morning("2027-04-13")).stream()
                .map(FollowUpPlan.Task::key).toList());
        assertEquals(List.of("prepare", "practical", "visit-done", "thanks"), plan.dueTasks(confirmed, morning("2027-04-22"))
                .stream().map(FollowUpPlan.Task::key).toList());
    }

    @Test
    void givenEachStatus_whenAnActionIsTried_thenOnlyTheAllowedOnesApply() {
        BookingCase c = submittedOn("2027-03-01");
        assertInstanceOf(Transitions.Result.NotAllowed.class, Transitions.apply(c, new CoordinatorAction.Complete(), "x", Instant.now()));
        BookingCase declined = ((Transitions.Result.Applied) Transitions.apply(c, new CoordinatorAction.Decline("Full"), "x",
                Instant.now())).after();
        assertEquals(BookingStatus.DECLINED, declined.status());
        assertEquals(List.of(), Transitions.allowedActions(BookingStatus.DECLINED));
        assertInstanceOf(Transitions.Result.NotAllowed.class, Transitions.apply(declined, new CoordinatorAction.Acknowledge(), "x",
                Instant.now()));
    }
}
