package se.smartcitysweden.booking.selfservice;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.SelfServiceMails;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.workflow.CaseService;

/** The visitor's changes on the case repository's in-memory twin, with the mails to coordinators captured. */
class VisitorServiceTest {
    /** Tuesday 2 March 2027, 10:00 in Sweden. */
    private static final Instant NOW = Instant.parse("2027-03-02T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2027-03-02");
    private static final LinkSigner SIGNER = new LinkSigner("visitor-service-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8));

    private final InMemoryBookingCaseRepository cases = new InMemoryBookingCaseRepository();
    private final List<String> told = new ArrayList<>();
    private final List<VisitorNotice> noticesSent = new ArrayList<>();
    private final Booking booking = new Booking("b-1", "UME-22222", BookingStatus.SUBMITTED, NOW.minusSeconds(86_400),
            BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());
    private final String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.VISITOR, booking.id(), booking.node(),
            NOW.plus(Duration.ofDays(200))));

    private final SelfServiceMails mails = new SelfServiceMails() {
        @Override public boolean visitorChanged(BookingCase before, BookingCase after, String action, String note, Instant now) {
            told.add(action + " v" + before.version() + "→v" + after.version() + (note.isEmpty() ? "" : " " + note));
            return true;
        }

        @Override public boolean feedbackGiven(BookingCase withFeedback, Instant now) {
            told.add("feedback " + withFeedback.workflow().feedback().orElseThrow().rating());
            return true;
        }

        @Override public String calendar(BookingCase confirmed) {
            return "BEGIN:VCALENDAR";
        }
    };

    private VisitorService service(BookingCaseRepository repository, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden());
        CaseService caseService = new CaseService(repository, SIGNER, plan, (c, notice) -> noticesSent.add(notice), clock);
        return new VisitorService(repository, caseService, plan, WorkingDays.sweden(), mails, clock);
    }

    private BookingCase stored() {
        return cases.load(booking.id()).orElseThrow();
    }

    private BookingCase confirmedFor(LocalDate from, LocalDate to) {
        Booking confirmed = new Booking(booking.id(), booking.reference(), BookingStatus.CONFIRMED, booking.createdAt(),
                booking.request());
        return new BookingCase(confirmed, 3, Workflow.empty().withVisit(new Workflow.Visit(from, to)), "sent");
    }

    private static VisitorAction parsed(ObjectNode body, Booking booking) {
        ActionParser.Parsed<VisitorAction> parsed = VisitorActionParser.parse(body, booking.request(), TODAY);
        assertEquals(List.of(), parsed.errors());
        return parsed.value().orElseThrow();
    }

    private static ObjectNode participants(int expected, String... names) {
        ObjectNode body = Json.object().put("action", "participants").put("expectedParticipants", expected);
        var list = body.putArray("participants");
        for (String name : names) list.addObject().put("name", name).put("email", name.toLowerCase().replace(' ', '.') + "@example.org")
                .put("country", "PT");
        return body;
    }

    @Test
    void givenAVisitorChangingTheParticipants_whenActedOn_thenOneConditionalWriteWithAHistoryLineAndTheSessionIsLeftToTheFollowUp() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        VisitorService service = service(cases, NOW);
        VisitorAction change = parsed(participants(14, "Ana Souza", "Rui Costa"), booking);

        CaseService.Answer answer = service.act(booking.id(), token, change);

        assertInstanceOf(CaseService.Answer.Changed.class, answer);
        BookingCase after = stored();
        assertEquals(2, after.version());
        assertEquals(14, after.booking().request().expectedParticipants());
        assertEquals(List.of("Ana Souza", "Rui Costa"), after.booking().request().participants().stream().map(Participant::name).toList());
        Workflow.HistoryEntry entry = after.workflow().history().get(0);
        assertEquals(List.of("visitor", "visitor-participants", "12 → 14; 1 → 2"), List.of(entry.actor(), entry.action(), entry.detail()));
        // No mail per save: the session's first change keeps the list the coordinators know, for the follow-up's one mail.
        assertEquals(List.of(), told);
        assertEquals(Optional.of(List.of("Ana Souza")), ((HistoryEvent.ParticipantsChanged) entry.event()).told()
                .map(list -> list.stream().map(Participant::name).toList()));
        assertEquals(Optional.of(0), FollowUpPlan.participantsSessionStart(after.workflow()));

        // A reload of the same form: nothing written, nobody told again.
        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, change));
        assertEquals(2, stored().version());
        // A second save in the same session keeps no list: the session still starts at the first.
        service.act(booking.id(), token, parsed(participants(15, "Ana Souza", "Rui Costa", "Eva Lind"), booking));
        Workflow.HistoryEntry second = stored().workflow().history().get(1);
        assertEquals(Optional.empty(), ((HistoryEvent.ParticipantsChanged) second.event()).told());
        assertEquals(List.of(), told);
        List<FollowUpPlan.Task> due = new FollowUpPlan(se.smartcitysweden.booking.domain.WorkingDays.sweden())
                .dueTasks(stored(), second.at().plus(FollowUpPlan.PARTICIPANTS_QUIET));
        assertEquals(List.of("participants-session-1"), due.stream().map(FollowUpPlan.Task::key).filter(k -> k.startsWith("participants")).toList());
        assertTrue(new FollowUpPlan(se.smartcitysweden.booking.domain.WorkingDays.sweden())
                .dueTasks(stored(), second.at().plus(FollowUpPlan.PARTICIPANTS_QUIET).minusSeconds(1)).stream()
                .noneMatch(t -> t.kind() == FollowUpPlan.Kind.PARTICIPANTS_SESSION), "not before a quiet spell");
    }

    @Test
    void givenAConcurrentChange_whenTheVisitorsWriteMeetsANewerVersion_thenItReloadsAndKeepsBoth() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        // The coordinator acknowledges between the visitor's read and write: the first write's version is stale.
        boolean[] raced = {false};
        BookingCaseRepository racing = (BookingCaseRepository) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BookingCaseRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("save") && !raced[0]) {
                        raced[0] = true;
                        BookingCase current = cases.load(booking.id()).orElseThrow();
                        cases.save(new BookingCase(new Booking(current.id(), current.booking().reference(),
                                BookingStatus.ACKNOWLEDGED, current.booking().createdAt(), current.booking().request()),
                                current.version(), current.workflow().with(new Workflow.HistoryEntry(NOW, "coordinator:umea",
                                "acknowledge", "")), current.notification()), Optional.empty(), NOW);
                    }
                    return method.invoke(cases, args);
                });
        VisitorService service = service(racing, NOW);

        assertInstanceOf(CaseService.Answer.Changed.class, service.act(booking.id(), token, parsed(participants(13, "Ana Souza"), booking)));

        BookingCase after = stored();
        assertEquals(BookingStatus.ACKNOWLEDGED, after.status(), "the coordinator's change is kept");
        assertEquals(13, after.booking().request().expectedParticipants(), "and the visitor's");
        assertEquals(List.of("acknowledge", "visitor-participants"), after.workflow().history().stream()
                .map(Workflow.HistoryEntry::action).toList());
        assertEquals(3, after.version());
    }

    @Test
    void givenAConfirmedVisit_whenTheDeadlineOfFiveWorkingDaysPasses_thenParticipantsCanNoLongerChangeButCancellingCan() {
        // Monday 15 March 2027: five working days before it is Monday 8 March.
        BookingCase visit = confirmedFor(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16"));
        cases.put(visit);
        assertEquals(LocalDate.parse("2027-03-08"), service(cases, NOW).changeDeadline(visit));
        Instant lastDay = Instant.parse("2027-03-08T20:00:00Z");
        Instant dayAfter = Instant.parse("2027-03-09T07:00:00Z");
        assertEquals(List.of("participants", "other-dates", "cancel"),
                service(cases, lastDay).allowed(visit, LocalDate.ofInstant(lastDay, ZoneId.of("Europe/Stockholm"))));

        CaseService.Answer late = service(cases, dayAfter).act(booking.id(), token, parsed(participants(20, "Ana Souza"), booking));
        assertInstanceOf(CaseService.Answer.NotAllowed.class, late);
        assertEquals(12, stored().booking().request().expectedParticipants());
        assertEquals(List.of(), told);

        assertInstanceOf(CaseService.Answer.Changed.class, service(cases, dayAfter).act(booking.id(), token,
                new VisitorAction.Cancel("The minister cannot travel.")));
        assertEquals(BookingStatus.CANCELLED, stored().status());
        assertEquals("The minister cannot travel.", stored().workflow().reason());
        assertEquals(List.of(VisitorNotice.CANCELLATION), noticesSent, "the visitor's cancellation is confirmed to them");
        assertTrue(stored().workflow().followUpsSent().containsKey(FollowUpPlan.noticeKey(stored()).orElseThrow()));
        assertEquals(List.of("cancel v3→v5 The minister cannot travel."), told);
        assertEquals(List.of(), service(cases, dayAfter).allowed(stored(), TODAY), "nothing more once cancelled");
    }

    @Test
    void givenOtherDates_whenAsked_thenTheyReplaceThePreferredDatesAndTheHistorySaysWhatWasAsked() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        ObjectNode body = Json.object().put("action", "other-dates").put("message", "Any week in May works.");
        body.putArray("preferredDates").addObject().put("from", "2027-05-10").put("to", "2027-05-12");

        service(cases, NOW).act(booking.id(), token, parsed(body, booking));

        assertEquals(List.of(new DateRange(LocalDate.parse("2027-05-10"), LocalDate.parse("2027-05-12"))),
                stored().booking().request().preferredDates());
        assertEquals("2027-05-10–2027-05-12\nAny week in May works.", stored().workflow().history().get(0).detail());
        assertEquals(List.of("other-dates v1→v2 Any week in May works."), told);
    }

    @Test
    void givenAnotherLinksToken_whenUsedForTheVisitorsPage_thenForbiddenAndNothingChanges() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        String manage = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(), NOW.plusSeconds(600)));
        assertInstanceOf(CaseService.Answer.Forbidden.class, service(cases, NOW).show(booking.id(), manage));
        assertInstanceOf(CaseService.Answer.Forbidden.class, service(cases, NOW).act(booking.id(), manage,
                new VisitorAction.Cancel("x")));
        assertEquals(BookingStatus.SUBMITTED, stored().status());
    }

    @Test
    void givenFeedback_whenGiven_thenTheCoordinatorsAreTold() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        String feedback = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(), NOW.plusSeconds(600)));
        service(cases, NOW).feedback(booking.id(), feedback, new ActionParser.FeedbackInput(4, "Good."));
        assertEquals(List.of("feedback 4"), told);
    }

    @Test
    void givenBadInput_whenParsed_thenEveryFieldIsNamedByTheFormsRules() {
        ObjectNode body = participants(1, "Ana Souza", "Rui Costa");
        ((ObjectNode) body.get("participants").get(1)).put("email", "not-an-address");
        List<String> fields = VisitorActionParser.parse(body, booking.request(), TODAY).errors().stream().map(FieldError::field).toList();
        assertTrue(fields.contains("participants[1].email"), fields.toString());
        assertTrue(fields.contains("participants"), "more named than expected: " + fields);

        assertEquals(List.of("reason"), VisitorActionParser.parse(Json.object().put("action", "cancel"), booking.request(), TODAY)
                .errors().stream().map(FieldError::field).toList());
        ObjectNode past = Json.object().put("action", "other-dates");
        past.putArray("preferredDates").addObject().put("from", "2027-01-01").put("to", "2027-01-02");
        assertEquals(List.of("preferredDates[0].from", "preferredDates[0].to"), VisitorActionParser.parse(past, booking.request(), TODAY).errors().stream()
                .map(FieldError::field).toList());
    }

    @Test
    void givenANodeWithMinimumNotice_whenOtherDatesAreSooner_thenTheyAreRefusedAsANewBookingsWouldBe() {
        ObjectNode body = Json.object().put("action", "other-dates");
        body.putArray("preferredDates").addObject().put("from", TODAY.plusDays(3).toString()).put("to", TODAY.plusDays(3).toString());
        var refused = VisitorActionParser.parse(body, booking.request(), TODAY, node -> 10);
        assertEquals(List.of("too_soon"), refused.errors().stream().map(FieldError::code).toList());
        assertTrue(refused.errors().get(0).message().contains(booking.node().city()), refused.errors().toString());
        assertTrue(VisitorActionParser.parse(body, booking.request(), TODAY, node -> 3).value().isPresent(), "on the earliest day");
        assertTrue(VisitorActionParser.parse(participants(12, "Ana Souza"), booking.request(), TODAY, node -> 10).value().isPresent(),
                "other changes are not judged by it");
    }
}
