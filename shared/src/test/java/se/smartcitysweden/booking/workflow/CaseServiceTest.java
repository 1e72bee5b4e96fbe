package se.smartcitysweden.booking.workflow;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.VisitPlan;
import java.util.Optional;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** The coordinator's actions on the case repository's in-memory twin. */
class CaseServiceTest {
    private static final Instant NOW = Instant.parse("2027-03-02T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2027-03-02");
    private static final LinkSigner SIGNER = new LinkSigner("case-service-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8));

    private final InMemoryBookingCaseRepository cases = new InMemoryBookingCaseRepository();
    private final List<VisitorNotice> noticesSent = new ArrayList<>();
    private final CaseService service = new CaseService(cases, SIGNER, new FollowUpPlan(WorkingDays.sweden()),
            (bookingCase, notice) -> noticesSent.add(notice), Clock.fixed(NOW, ZoneOffset.UTC));
    private final Booking booking = new Booking("b-1", "UME-22222", BookingStatus.SUBMITTED, NOW.minusSeconds(86_400),
            BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());
    private final String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
            NOW.plusSeconds(86_400)));

    private BookingCase stored() {
        return cases.load(booking.id()).orElseThrow();
    }

    private List<String> history() {
        return stored().workflow().history().stream().map(e -> e.action() + " " + e.detail()).toList();
    }

    @Test
    void givenAConfirmRepeatedWithTheSameDates_whenActedOn_thenOneHistoryEntryAndOneNotice() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        CoordinatorAction confirm = new CoordinatorAction.Confirm(TODAY.plusDays(60), TODAY.plusDays(61));
        for (int i = 0; i < 3; i++) {
            CaseService.Answer answer = service.act(booking.id(), token, confirm);
            assertInstanceOf(CaseService.Answer.Changed.class, answer, "the same answer each time");
            assertEquals(BookingStatus.CONFIRMED, ((CaseService.Answer.Changed) answer).bookingCase().status());
        }
        assertEquals(List.of("confirm " + TODAY.plusDays(60) + "–" + TODAY.plusDays(61)), history());
        assertEquals(List.of(VisitorNotice.CONFIRMATION), noticesSent);
        long version = stored().version();

        // Other dates are a new decision: recorded, and the visitor is told.
        service.act(booking.id(), token, new CoordinatorAction.Confirm(TODAY.plusDays(70), TODAY.plusDays(70)));
        assertEquals(2, history().size());
        assertEquals(2, noticesSent.size());
        assertTrue(stored().version() > version);
    }

    @Test
    void givenAConfirmedVisit_whenItsPlanChanges_thenOneLineSaysWhatChangedTheVisitorIsToldAndARepeatWritesNothing() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        LocalDate first = TODAY.plusDays(60);
        VisitPlan plan = new VisitPlan(VisitPlan.everyDay(first, first.plusDays(1), LocalTime.of(9, 0), LocalTime.of(16, 0)),
                "Väven", "", "Eva Lind", "", "", "", "");
        service.act(booking.id(), token, new CoordinatorAction.Confirm(first, first.plusDays(1), Optional.of(plan)));
        assertEquals(plan, stored().workflow().visit().orElseThrow().plan());

        // Hours outside the visit's days are left out; the place and notes change.
        VisitPlan changed = new VisitPlan(List.of(new VisitPlan.DayHours(first, LocalTime.of(10, 0), LocalTime.of(16, 0)),
                new VisitPlan.DayHours(first.plusDays(1), LocalTime.of(9, 0), LocalTime.of(16, 0)),
                new VisitPlan.DayHours(first.plusDays(5), LocalTime.of(9, 0), LocalTime.of(10, 0))),
                "Umeå Energi", "", "Eva Lind", "", "", "", "Lunch is served.");
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, new CoordinatorAction.UpdatePlan(changed)));
        }
        assertEquals(List.of("confirm " + first + "–" + first.plusDays(1), "plan-changed hours,meetingPlace,notes"), history());
        HistoryEvent.PlanChanged line = (HistoryEvent.PlanChanged) stored().workflow().history().get(1).event();
        assertEquals("Väven", line.before().get("meetingPlace"));
        assertEquals(2, stored().workflow().visit().orElseThrow().plan().hours().size());
        assertEquals(List.of(VisitorNotice.CONFIRMATION, VisitorNotice.PLAN_CHANGED), noticesSent);

        // Moving the visit keeps the plan, the hours following the days.
        service.act(booking.id(), token, new CoordinatorAction.Confirm(first.plusDays(7), first.plusDays(7)));
        VisitPlan moved = stored().workflow().visit().orElseThrow().plan();
        assertEquals("Umeå Energi", moved.meetingPlace());
        assertEquals(List.of(new VisitPlan.DayHours(first.plusDays(7), LocalTime.of(10, 0), LocalTime.of(16, 0))), moved.hours());
    }

    @Test
    void givenAnOpenRequest_whenAPlanUpdateIsSent_thenItIsRefused() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.act(booking.id(), token, new CoordinatorAction.UpdatePlan(VisitPlan.EMPTY)));
    }

    @Test
    void givenEveryActionRepeatedIdentically_whenActedOn_thenTheRepeatChangesNothing() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        List<CoordinatorAction> life = List.of(new CoordinatorAction.Acknowledge(),
                new CoordinatorAction.Confirm(TODAY, TODAY), new CoordinatorAction.Complete(12),
                new CoordinatorAction.RecordOutcome("Met two utilities.", List.of("Umeå Energi"), true));
        for (CoordinatorAction action : life) {
            assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, action));
            BookingCase before = stored();
            assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, action), action.name());
            assertEquals(before, stored(), "a repeated " + action.name() + " writes nothing");
        }
        assertEquals(1, noticesSent.size());
    }

    @Test
    void givenADeclineRepeated_whenActedOn_thenTheSameReasonIsANoOpAndAnotherIsRefused() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, new CoordinatorAction.Decline("Full.")));
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, new CoordinatorAction.Decline("Full.")));
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.act(booking.id(), token, new CoordinatorAction.Decline("Other.")));
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.act(booking.id(), token, new CoordinatorAction.Cancel("Full.")));
        assertEquals(1, history().size());
        assertEquals(List.of(VisitorNotice.DECLINE), noticesSent);
    }

    private CaseService serviceAt(Instant at) {
        return new CaseService(cases, SIGNER, new FollowUpPlan(WorkingDays.sweden()),
                (bookingCase, notice) -> noticesSent.add(notice), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void givenAMistakenDecline_whenReopenedWithinThirtyDays_thenTheCaseIsOpenAgainAndTheHistoryKeepsBoth() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        service.act(booking.id(), token, new CoordinatorAction.Decline("Fully booked."));
        CaseService later = serviceAt(NOW.plus(Duration.ofDays(29)));
        String laterToken = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                NOW.plus(Duration.ofDays(40))));
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(CaseService.Answer.Changed.class, later.act(booking.id(), laterToken, new CoordinatorAction.Reopen()),
                    "a repeated reopen is the same answer");
        }
        assertEquals(BookingStatus.ACKNOWLEDGED, stored().status());
        assertEquals(List.of("decline Fully booked.", "reopen declined"), history());
        assertInstanceOf(CaseService.Answer.Changed.class, later.act(booking.id(), laterToken,
                new CoordinatorAction.Confirm(TODAY.plusDays(60), TODAY.plusDays(60))));
        assertEquals(List.of(VisitorNotice.DECLINE, VisitorNotice.REOPENED,
                VisitorNotice.CONFIRMATION), noticesSent, "told once that it is open again");
    }

    @Test
    void givenADeclineWhoseMailDidNotGo_whenReopened_thenTheVisitorHearsOfNeitherNowNorFromTheSafetyNet() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        CaseService failing = new CaseService(cases, SIGNER, new FollowUpPlan(WorkingDays.sweden()),
                (bookingCase, notice) -> noticesSent.add(notice) && false, Clock.fixed(NOW, ZoneOffset.UTC));
        failing.act(booking.id(), token, new CoordinatorAction.Decline("Fully booked."));
        assertEquals(java.util.Optional.of("notice-0"), FollowUpPlan.noticeKey(stored()), "the decline's notice is due");
        service.act(booking.id(), token, new CoordinatorAction.Reopen());
        assertEquals(List.of(VisitorNotice.DECLINE), noticesSent, "the failed decline only");
        assertEquals(java.util.Optional.empty(), FollowUpPlan.noticeKey(stored()), "nothing left for the safety net");
        assertTrue(new FollowUpPlan(WorkingDays.sweden()).dueTasks(stored(), NOW.plus(Duration.ofDays(1))).stream()
                .noneMatch(t -> t.kind() == FollowUpPlan.Kind.NOTICE));
    }

    @Test
    void givenADeclineOlderThanThirtyDays_whenReopened_thenItIsRefused() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        service.act(booking.id(), token, new CoordinatorAction.Decline("Fully booked."));
        String laterToken = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                NOW.plus(Duration.ofDays(40))));
        assertInstanceOf(CaseService.Answer.NotAllowed.class, serviceAt(NOW.plus(Duration.ofDays(31)))
                .act(booking.id(), laterToken, new CoordinatorAction.Reopen()));
        assertEquals(BookingStatus.DECLINED, stored().status());
    }

    @Test
    void givenATypoInARecordedOutcome_whenCorrected_thenTheNewOneCountsAndTheHistoryKeepsTheOld() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        service.act(booking.id(), token, new CoordinatorAction.Confirm(TODAY, TODAY));
        service.act(booking.id(), token, new CoordinatorAction.Complete(12));
        service.act(booking.id(), token, new CoordinatorAction.RecordOutcome("Met two utilitis.", List.of(), false));
        CoordinatorAction correct = new CoordinatorAction.CorrectOutcome("Met two utilities.", List.of("Umeå Energi"), true);
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, correct));
        BookingCase once = stored();
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, correct));
        assertEquals(once, stored(), "a repeated correction writes nothing");
        assertEquals("Met two utilities.", stored().workflow().outcome().orElseThrow().text());
        assertTrue(stored().workflow().outcome().orElseThrow().businessInterest());
        assertEquals(List.of("record-outcome ", "correct-outcome Met two utilitis."),
                history().subList(history().size() - 2, history().size()));
        // Reopened, the outcome can be recorded again from "completed".
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, new CoordinatorAction.Reopen()));
        assertEquals(BookingStatus.COMPLETED, stored().status());
    }

    @Test
    void givenAVisitorsRequest_whenErased_thenNoPersonalDataRemainsAndTheStatisticsStay() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        service.act(booking.id(), token, new CoordinatorAction.Decline("Dear Ms Lindqvist, we are full."));
        String manageToken = token;
        assertInstanceOf(CaseService.Answer.Forbidden.class, service.eraseAtVisitorsRequest(booking.id(), manageToken),
                "a coordinator's link is not the visitor's");
        String visitorsToken = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(),
                NOW.plusSeconds(3600)));
        assertInstanceOf(CaseService.Answer.Changed.class, service.eraseAtVisitorsRequest(booking.id(), visitorsToken));
        BookingCase erased = stored();
        assertInstanceOf(CaseService.Answer.Changed.class, service.eraseAtVisitorsRequest(booking.id(), visitorsToken));
        assertEquals(erased, stored(), "a repeated request writes nothing");
        assertEquals("", erased.booking().request().contact().email());
        assertEquals("", erased.booking().request().contact().name());
        assertEquals("", erased.booking().request().purpose());
        assertEquals("", erased.workflow().reason());
        assertEquals(List.of("decline ", "erase "), history());
        assertEquals("visitor", erased.workflow().history().get(1).actor());
        assertEquals(booking.request().focusAreas(), erased.booking().request().focusAreas());
        assertEquals(booking.request().contact().country(), erased.booking().request().contact().country());
        assertEquals(BookingStatus.DECLINED, erased.status());
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.act(booking.id(), token, new CoordinatorAction.Reopen()),
                "nothing more happens to a statistical record");
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.feedback(booking.id(), visitorsToken,
                new ActionParser.FeedbackInput(4, "Ana here again")), "no new free text after an erasure");
        assertEquals(erased, stored());
    }

    @Test
    void givenAnOpenBooking_whenTheCoordinatorErasesIt_thenItIsCancelledWithoutPersonalData() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, new CoordinatorAction.Erase()));
        BookingCase before = stored();
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, new CoordinatorAction.Erase()));
        assertEquals(before, stored());
        assertEquals(BookingStatus.CANCELLED, stored().status());
        assertEquals(List.of("erase "), history());
        assertEquals("coordinator:umea", stored().workflow().history().get(0).actor());
        assertTrue(stored().booking().request().participants().stream().allMatch(p -> p.name().isEmpty() && p.email().isEmpty()));
        assertEquals(List.of(), noticesSent, "nobody is left to tell");
    }
}
