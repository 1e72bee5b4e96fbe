package se.smartcitysweden.booking.workflow;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.history.HistorySentences;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.DirectoryStaff;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** Who the history names for a staff action: the console's person, the person the page was told, or honestly nobody. */
class CaseActorsTest {
    private static final Instant NOW = Instant.parse("2027-03-02T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2027-03-02");
    private static final byte[] SECRET = "case-actors-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final LinkSigner SIGNER = new LinkSigner(SECRET);
    private static final ConsoleSessions SESSIONS = new ConsoleSessions(SECRET);
    private static final CoordinatorDirectory DIRECTORY = CoordinatorDirectory.parse("""
            {"nodes": {"stockholm": ["s@example.org"], "goteborg": ["g@example.org"], "malmo": ["m@example.org"],
              "borlange": ["b@example.org"], "linkoping": ["l@example.org"],
              "umea": [{"email": "anna@example.org", "name": "Anna Berg"}, {"email": "bo@example.org", "name": "Bo Ek"}]},
             "nationalOffice": [{"email": "besok@example.org", "name": "Nora Lind"}]}""");

    private final InMemoryBookingCaseRepository cases = new InMemoryBookingCaseRepository();
    private final CaseService service = new CaseService(cases, SIGNER, new FollowUpPlan(WorkingDays.sweden()),
            (bookingCase, notice) -> true, Clock.fixed(NOW, ZoneOffset.UTC),
            new DirectoryStaff(DIRECTORY, ConsoleSessions.derivedFrom(SIGNER)::who));
    private final Booking booking = new Booking("b-1", "UME-22222", BookingStatus.SUBMITTED, NOW.minusSeconds(86_400),
            BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());

    private String token(String by) {
        return SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(), NOW.plusSeconds(86_400), by));
    }

    private List<String> who() {
        BookingCase c = cases.load(booking.id()).orElseThrow();
        return HistorySentences.of(Language.EN).lines(c, HistorySentences.Reader.STAFF).stream().skip(1).map(HistorySentences.Line::who).toList();
    }

    @Test
    void givenLinksOfTwoCoordinatorsAndTheNationalOffice_whenTheyAct_thenTheHistoryNamesEachOfThem() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        // The console's links name their person by the console's keyed hash of the address.
        service.act(booking.id(), token(SESSIONS.who("anna@example.org")), new CoordinatorAction.Acknowledge());
        service.act(booking.id(), token(""), new CoordinatorAction.Confirm(TODAY.plusDays(30), TODAY.plusDays(30)), "bo@example.org");
        service.act(booking.id(), token(SESSIONS.who("besok@example.org")), new CoordinatorAction.Cancel("The delegation's trip is off."));
        assertEquals(List.of("Anna Berg, coordinator, Umeå", "Bo Ek, coordinator, Umeå", "Nora Lind, national office"), who());
        Actor national = cases.load(booking.id()).orElseThrow().workflow().history().get(2).by();
        assertEquals(Actor.Kind.NATIONAL_OFFICE, national.kind(), "never 'a coordinator of Umeå' for the national office");
        assertEquals("besok@example.org", national.email());
    }

    @Test
    void givenAMailedLinkAndNobodyNamed_whenActedOn_thenTheHistorySaysACoordinatorOfTheNode() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        // An address of another node, or of nobody, is not believed: the line stays honest.
        service.act(booking.id(), token(""), new CoordinatorAction.Acknowledge(), "s@example.org");
        assertEquals(List.of("A coordinator of Umeå"), who());
        assertEquals("En koordinator i Umeå", HistorySentences.of(Language.SV)
                .lines(cases.load(booking.id()).orElseThrow(), HistorySentences.Reader.STAFF).get(1).who());
    }

    @Test
    void givenAConsoleLinkOfSomeoneNoLongerListed_whenActedOn_thenNotNamed() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        // A console link names its person; the browser's word does not replace it.
        service.act(booking.id(), token(SESSIONS.who("gone@example.org")), new CoordinatorAction.Acknowledge(), "anna@example.org");
        assertEquals(List.of("A coordinator of Umeå"), who());
    }

    @Test
    void givenANote_whenAdded_thenTheStaffSeeItWithItsAuthorTheVisitorNeverAndItGoesWithThePersonalData() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        String anna = token(SESSIONS.who("anna@example.org"));
        assertInstanceOf(CaseService.Answer.Changed.class, service.note(booking.id(), anna, "They arrive by train at 9.", ""));
        long version = cases.load(booking.id()).orElseThrow().version();
        service.note(booking.id(), anna, "They arrive by train at 9.", ""); // a double click
        assertEquals(version, cases.load(booking.id()).orElseThrow().version(), "written once");
        BookingCase c = cases.load(booking.id()).orElseThrow();
        HistorySentences.Line line = HistorySentences.of(Language.EN).lines(c, HistorySentences.Reader.STAFF).get(1);
        assertEquals(List.of("Anna Berg, coordinator, Umeå", "Wrote an internal note", "They arrive by train at 9."),
                List.of(line.who(), line.what(), line.detail()));
        assertTrue(HistorySentences.of(Language.EN).lines(c, HistorySentences.Reader.VISITOR).stream()
                .noneMatch(l -> l.detail().contains("train") || l.what().contains("note")), "never to the visitor");

        service.act(booking.id(), anna, new CoordinatorAction.Erase());
        BookingCase erased = cases.load(booking.id()).orElseThrow();
        assertEquals(new HistoryEvent.NoteAdded(""), erased.workflow().history().get(0).event(), "the note's text goes with the personal data");
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.note(booking.id(), anna, "Another one.", ""));
    }

    @Test
    void givenAnAssignment_whenMadeToAPersonOfTheNode_thenRecordedOnceAndAnotherNodesPersonIsRefused() {
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        String nora = token(SESSIONS.who("besok@example.org"));
        assertInstanceOf(CaseService.Answer.Changed.class, service.assign(booking.id(), nora, "BO@example.org", ""));
        service.assign(booking.id(), nora, "bo@example.org", "");
        assertInstanceOf(CaseService.Answer.NotAllowed.class, service.assign(booking.id(), nora, "s@example.org", ""));
        BookingCase c = cases.load(booking.id()).orElseThrow();
        assertEquals(1, c.workflow().history().size(), "the same assignment twice is one line");
        assertEquals("bo@example.org", c.workflow().assignee().orElseThrow().email());
        HistorySentences.Line line = HistorySentences.of(Language.SV).lines(c, HistorySentences.Reader.STAFF).get(1);
        assertEquals(List.of("Nora Lind, nationella kontoret", "Tilldelade bokningen till Bo Ek"), List.of(line.who(), line.what()));

        service.assign(booking.id(), nora, "", "");
        assertTrue(cases.load(booking.id()).orElseThrow().workflow().assignee().isEmpty(), "taken back");
    }

    @Test
    void givenATokenWithAPerson_whenVerified_thenItsClaimsNameThemAndOldTokensStillPass() {
        String who = SESSIONS.who("anna@example.org");
        assertEquals(who, SIGNER.verify(token(who), LinkSigner.Purpose.MANAGE, booking.id(), NOW).orElseThrow().by());
        assertEquals("", SIGNER.verify(token(""), LinkSigner.Purpose.MANAGE, booking.id(), NOW).orElseThrow().by());
        assertThrows(IllegalArgumentException.class, () -> token("not|a|hash"));
    }
}
