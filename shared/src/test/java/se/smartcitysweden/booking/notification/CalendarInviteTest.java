package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/** The visit plan in the mails and the calendar: timed events in Swedish time, the real place, the host as organiser. */
class CalendarInviteTest {
    private static final LocalDate FIRST = LocalDate.parse("2027-03-15");
    private static final LocalDate SUMMER = LocalDate.parse("2027-06-14");

    static VisitPlan plan(LocalDate from, LocalDate to, String place) {
        return new VisitPlan(VisitPlan.everyDay(from, to, LocalTime.of(9, 0), LocalTime.of(16, 30)), place,
                "https://maps.example.org/?q=Storgatan+1", "Eva Lind", "+46 90 123 45 67", "eva.lind@umea.example.org",
                "09:00 Welcome\n10:00 Site visit", "Bring an ID for the badges; lunch is served.");
    }

    static BookingCase planned(Language language, LocalDate from, String place) {
        return after(submitted(booking(language)), new CoordinatorAction.Confirm(from, from.plusDays(1),
                Optional.of(plan(from, from.plusDays(1), place))), NOW);
    }

    /** The file as a real iCalendar parser reads it (ical4j, strict about folding, escaping and the zone). */
    static Calendar parsed(String ics) {
        try {
            return new CalendarBuilder().build(new StringReader(ics));
        } catch (Exception e) {
            throw new AssertionError("not a calendar a parser reads: " + e + "\n" + ics, e);
        }
    }

    private static String request(BookingCase c) {
        return CalendarInvite.request(caseMails(Language.EN).visitorEvent(c));
    }

    @Test
    void givenAPlanWithHours_whenConfirmed_thenTheEventIsTimedInSwedishTimeWithTheZoneItsPlaceAndItsHost() throws Exception {
        String ics = request(planned(Language.EN, FIRST, "Umeå Energi, Storgatan 1"));
        Calendar calendar = parsed(ics);
        assertEquals("REQUEST", calendar.getMethod().getValue());
        VEvent event = (VEvent) calendar.getComponent("VEVENT");
        // 09:00 in March is winter time (+01:00); the parser places it through the file's own VTIMEZONE.
        assertEquals(ZonedDateTime.parse("2027-03-15T09:00+01:00[Europe/Stockholm]").toInstant(),
                event.getStartDate().getDate().toInstant());
        assertEquals(ZonedDateTime.parse("2027-03-16T16:30+01:00[Europe/Stockholm]").toInstant(),
                event.getEndDate().getDate().toInstant());
        assertTrue(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"), ics);
        assertTrue(ics.indexOf("END:VTIMEZONE") < ics.indexOf("BEGIN:VEVENT"), "the zone comes before the event that uses it");
        assertEquals("Umeå Energi, Storgatan 1", event.getLocation().getValue());
        assertEquals("mailto:eva.lind@umea.example.org", event.getOrganizer().getValue());
        assertEquals("Eva Lind", event.getOrganizer().getParameter("CN").getValue());
        String description = event.getDescription().getValue();
        assertTrue(description.contains("Monday 15 March 2027: 09:00–16:30\nTuesday 16 March 2027: 09:00–16:30"), description);
        assertTrue(description.contains("https://maps.example.org/?q=Storgatan+1"), description);
        assertTrue(description.contains("Bring an ID for the badges"), description);
        String page = event.getUrl().getValue();
        assertTrue(page.startsWith("https://visits.example.org/bookings/b-42/visit?token="), page);
        assertTrue(description.contains(page), "the booking page's link in the description too: " + description);
        assertEquals("b-42@visits.smartcitysweden", event.getUid().getValue());

        // In June the same hour is summer time (+02:00): the zone's rules, not a fixed offset.
        VEvent summer = (VEvent) parsed(request(planned(Language.EN, SUMMER, "Väven"))).getComponent("VEVENT");
        assertEquals(ZonedDateTime.parse("2027-06-14T09:00+02:00[Europe/Stockholm]").toInstant(),
                summer.getStartDate().getDate().toInstant());
    }

    @Test
    void givenNoHours_whenConfirmed_thenTheEventIsAllDayWithoutAZone() {
        String allDay = request(after(submitted(booking(Language.EN)), new CoordinatorAction.Confirm(FIRST, FIRST), NOW));
        parsed(allDay);
        assertTrue(allDay.contains("DTSTART;VALUE=DATE:20270315\r\nDTEND;VALUE=DATE:20270316\r\n"), allDay);
        assertFalse(allDay.contains("VTIMEZONE"), "all-day events need no zone");
        assertTrue(allDay.contains("ORGANIZER;CN=\"Smart City Sweden\":mailto:ume@example.org"), "without a host: the node " + allDay);
    }

    @Test
    void givenLongTextsWithSpecialCharacters_whenWritten_thenLinesAreEscapedFoldedAtSeventyFiveOctetsAndParse() {
        String place = "Kulturväven; hörsal \"Ögat\", plan 3\nIngång från älven, följ skyltarna till Smart City Sweden-utställningen";
        String ics = request(planned(Language.SV, FIRST, place));
        assertTrue(ics.endsWith("\r\n"));
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            assertFalse(line.contains("\n") || line.contains("\r"), line);
        }
        VEvent event = (VEvent) parsed(ics).getComponent("VEVENT");
        // An address of several lines is one line in a calendar's "where".
        assertEquals("Kulturväven; hörsal \"Ögat\", plan 3, Ingång från älven, följ skyltarna till Smart City Sweden-utställningen",
                event.getLocation().getValue());
        assertTrue(ics.replace("\r\n ", "").contains("ATTENDEE;CN=\"Ana Souza\";ROLE=REQ-PARTICIPANT"), "a parameter is quoted, not escaped");
    }

    @Test
    void givenTheVisitorsDownloadAndTheHostsCopy_thenPublishWithoutAttendeesAndAnInvitationOfItsOwn() {
        BookingCase c = planned(Language.EN, FIRST, "Väven");
        CaseMails mails = caseMails(Language.SV);
        Calendar published = parsed(mails.calendar(c));
        assertEquals("PUBLISH", published.getMethod().getValue());
        assertTrue(published.getComponent("VEVENT").getProperties("ATTENDEE").isEmpty(), "PUBLISH names no attendees");

        EmailMessage host = mails.hostInvitation(c, false, NOW);
        assertEquals(List.of("ume@example.org"), host.to().stream().map(m -> m.address()).toList());
        Calendar invitation = parsed(ics(host));
        VEvent event = (VEvent) invitation.getComponent("VEVENT");
        assertEquals("b-42-host@visits.smartcitysweden", event.getUid().getValue(), "the host's copy is not the visitor's event");
        assertEquals("mailto:bookings@example.org", event.getOrganizer().getValue(), "sent by the system, not by the host to themselves");
        assertEquals("mailto:ume@example.org", event.getProperty("ATTENDEE").getValue());
        assertTrue(host.text().contains("Väven"), host.text());

        BookingCase cancelled = after(c, new CoordinatorAction.Cancel("Storm"), NOW.plusSeconds(60));
        Calendar cancel = parsed(ics(mails.hostInvitation(cancelled, true, NOW)));
        assertEquals("CANCEL", cancel.getMethod().getValue());
        assertEquals("1", cancel.getComponent("VEVENT").getProperty("SEQUENCE").getValue());
        Calendar downloadCancelled = parsed(mails.calendar(cancelled));
        assertEquals("CANCEL", downloadCancelled.getMethod().getValue(), "the download of a cancelled visit takes it out");
        assertEquals("CANCELLED", downloadCancelled.getComponent("VEVENT").getProperty("STATUS").getValue());
    }

    @Test
    void givenAPlan_whenTheVisitorIsToldBeforeAndAfterTheVisit_thenTheMailsCarryEveryPart() {
        CaseMails mails = caseMails(Language.SV);
        BookingCase c = planned(Language.EN, FIRST, "Umeå Energi, Storgatan 1");
        for (EmailMessage mail : new EmailMessage[] {mails.confirmation(c), mails.practicalInformation(c, NOW)}) {
            assertTrue(mail.text().contains("Times (Swedish time)\nMonday 15 March 2027, 09:00–16:30"), mail.text());
            assertTrue(mail.text().contains("Meeting place\nUmeå Energi, Storgatan 1"), mail.text());
            assertTrue(mail.text().contains("Your host\nEva Lind\n+46 90 123 45 67\neva.lind@umea.example.org"), mail.text());
            assertTrue(mail.text().contains("Programme\n09:00 Welcome"), mail.text());
            assertTrue(mail.text().contains("Bring an ID"), mail.text());
            assertTrue(mail.html().contains("href=\"https://maps.example.org/?q=Storgatan+1\""), mail.html());
            assertTrue(mail.html().contains("href=\"mailto:eva.lind@umea.example.org?subject=Our%20visit%20UME-7K3QF\""), mail.html());
            assertFalse(mail.text().contains("will send you the final programme and meeting place"), "the place is given");
            assertFalse(mail.text().contains("Still to come"), "nothing is missing");
        }
        String swedish = mails.confirmation(planned(Language.SV, FIRST, "Väven")).text();
        assertTrue(swedish.contains("Tider (svensk tid)\nmåndag 15 mars 2027, 09:00–16:30"), swedish);
        assertTrue(swedish.contains("Mötesplats\nVäven"), swedish);

        // A confirmation without a plan says what will follow, and still gives a way to write.
        EmailMessage bare = mails.confirmation(after(submitted(booking(Language.EN)), new CoordinatorAction.Confirm(FIRST, FIRST), NOW));
        assertTrue(bare.text().contains("Still to come from your coordinator: the times, the meeting place"), bare.text());
        assertTrue(bare.text().contains("Write to us: mailto:ume@example.org?subject=Our%20visit%20UME-7K3QF"), bare.text());
    }

    @Test
    void givenAPlanChange_thenTheVisitorIsToldOldAndNewAndTheCalendarMovesToTheNextSequence() {
        BookingCase c = planned(Language.EN, FIRST, "Väven");
        VisitPlan moved = new VisitPlan(List.of(new VisitPlan.DayHours(FIRST, LocalTime.of(10, 0), LocalTime.of(15, 0)),
                new VisitPlan.DayHours(FIRST.plusDays(1), LocalTime.of(9, 0), LocalTime.of(16, 30))), "Umeå Energi, Storgatan 1",
                c.workflow().visit().orElseThrow().plan().mapUrl(), "Eva Lind", "+46 90 123 45 67", "eva.lind@umea.example.org",
                "09:00 Welcome\n10:00 Site visit", "Bring an ID for the badges; lunch is served.");
        BookingCase changed = after(c, new CoordinatorAction.UpdatePlan(moved), NOW.plusSeconds(60));
        EmailMessage mail = caseMails(Language.SV).planChanged(changed);
        assertTrue(mail.subject().contains("the plan has changed"), mail.subject());
        assertTrue(mail.text().contains("Meeting place\nBefore: Väven\nNow: Umeå Energi, Storgatan 1"), mail.text());
        assertTrue(mail.text().contains("Times (Swedish time)\nBefore: Monday 15 March 2027, 09:00–16:30"), mail.text());
        assertFalse(mail.text().contains("Your host\nBefore"), "only what changed: " + mail.text());
        String ics = ics(mail);
        assertEquals("1", property(ics, "SEQUENCE"));
        assertEquals("b-42@visits.smartcitysweden", property(ics, "UID"));
        VEvent event = (VEvent) parsed(ics).getComponent("VEVENT");
        assertEquals(ZonedDateTime.parse("2027-03-15T10:00+01:00[Europe/Stockholm]").toInstant(), event.getStartDate().getDate().toInstant());
    }

    @Test
    void givenAVisitStoredBeforeThePlan_whenRead_thenItsStartPlaceAndHostAreThePlans() {
        Workflow.Visit old = new Workflow.Visit(FIRST, FIRST.plusDays(1), Optional.of(LocalTime.of(9, 0)), "Väven", "Eva Lind", "+46 90 1");
        assertEquals(Optional.of(LocalTime.of(9, 0)), old.start());
        assertEquals("Väven", old.place());
        assertEquals(List.of(new VisitPlan.DayHours(FIRST, LocalTime.of(9, 0), LocalTime.of(17, 0))), old.plan().hours());
        assertEquals(Booking.SWEDISH_TIME.getId(), "Europe/Stockholm");
    }
}
