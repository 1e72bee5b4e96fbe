package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/** A visit with a start time, a meeting place and a host, in the mails and the calendar. */
class CalendarInviteTest {
    private static final LocalDate FIRST = LocalDate.parse("2027-03-15");

    private static BookingCase timed(Language language, String place) {
        BookingCase confirmed = after(submitted(booking(language)), new CoordinatorAction.Confirm(FIRST, FIRST.plusDays(1)), NOW);
        Workflow.Visit visit = new Workflow.Visit(FIRST, FIRST.plusDays(1), Optional.of(LocalTime.of(9, 0)), place,
                "Eva Lind", "+46 90 123 45 67");
        return new BookingCase(confirmed.booking(), confirmed.version(), confirmed.workflow().withVisit(visit), confirmed.notification());
    }

    @Test
    void givenAStartTime_whenConfirmed_thenTheEventStartsThenInSwedishTimeWithItsTimeZone() {
        String ics = CalendarInvite.request(timed(Language.EN, "Umeå Energi, Storgatan 1"), SENDER, Mailbox.of("ume@example.org"));
        assertTrue(ics.contains("\r\nDTSTART;TZID=Europe/Stockholm:20270315T090000\r\n"), ics);
        assertTrue(ics.contains("\r\nDTEND;TZID=Europe/Stockholm:20270316T170000\r\n"), ics);
        assertTrue(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"), ics);
        assertTrue(ics.contains("TZOFFSETTO:+0200") && ics.contains("TZOFFSETTO:+0100"), "summer and winter time");
        assertTrue(ics.indexOf("END:VTIMEZONE") < ics.indexOf("BEGIN:VEVENT"), "the zone comes before the event that uses it");
        assertEquals("Umeå Energi\\, Storgatan 1", property(ics, "LOCATION"));
        assertTrue(property(ics, "DESCRIPTION").contains("Eva Lind\\, +46 90 123 45 67"), ics);

        String allDay = CalendarInvite.request(after(submitted(booking(Language.EN)),
                new CoordinatorAction.Confirm(FIRST, FIRST), NOW), SENDER, Mailbox.of("ume@example.org"));
        assertTrue(allDay.contains("DTSTART;VALUE=DATE:20270315\r\nDTEND;VALUE=DATE:20270316\r\n"), allDay);
        assertFalse(allDay.contains("VTIMEZONE"), "all-day events need no zone");
    }

    @Test
    void givenLongTextsWithSpecialCharacters_whenWritten_thenLinesAreEscapedAndFoldedAtSeventyFiveOctets() {
        String place = "Kulturväven; hörsal \"Ögat\", plan 3\nIngång från älven, följ skyltarna till Smart City Sweden-utställningen";
        String ics = CalendarInvite.request(timed(Language.SV, place), SENDER, Mailbox.of("ume@example.org"));
        assertTrue(ics.endsWith("\r\n"));
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            assertFalse(line.contains("\n") || line.contains("\r"), line);
        }
        assertEquals(CalendarInvite.escape(place), property(ics, "LOCATION"));
        assertTrue(property(ics, "LOCATION").contains("\\; hörsal \"Ögat\"\\, plan 3\\nIngång"), property(ics, "LOCATION"));
        assertTrue(ics.contains("ORGANIZER;CN=\"Smart City Sweden\":mailto:ume@example.org"), ics);
        assertTrue(ics.replace("\r\n ", "").contains("ATTENDEE;CN=\"Ana Souza\";ROLE=REQ-PARTICIPANT"), "a parameter is quoted, not escaped");
    }

    @Test
    void givenAStartPlaceAndHost_whenTheVisitorIsToldBeforeAndAfterTheVisit_thenTheMailsCarryThem() {
        CaseMails mails = caseMails(Language.SV);
        for (EmailMessage mail : new EmailMessage[] {mails.confirmation(timed(Language.EN, "Umeå Energi, Storgatan 1")),
                mails.practicalInformation(timed(Language.EN, "Umeå Energi, Storgatan 1"), NOW)}) {
            assertTrue(mail.text().contains("Start: Monday 15 March 2027, 09:00 (Swedish time)"), mail.text());
            assertTrue(mail.text().contains("Meeting place: Umeå Energi, Storgatan 1"), mail.text());
            assertTrue(mail.text().contains("Your host: Eva Lind, +46 90 123 45 67"), mail.text());
            assertTrue(mail.html().contains("Eva Lind, +46 90 123 45 67"));
            assertFalse(mail.text().contains("will send you the final programme and meeting place"), "the place is given");
        }
        String swedish = mails.confirmation(timed(Language.SV, "Väven")).text();
        assertTrue(swedish.contains("Start: måndag 15 mars 2027 kl. 09:00 (svensk tid)"), swedish);
        assertTrue(swedish.contains("Mötesplats: Väven"), swedish);
    }
}
