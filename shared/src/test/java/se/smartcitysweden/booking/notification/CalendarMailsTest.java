package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/** The visitor's calendar follows the visit: invitation, change and cancellation of one event. */
class CalendarMailsTest {
    private static final LocalDate FIRST = LocalDate.parse("2027-03-15");
    private final CaseMails mails = caseMails(Language.SV);

    private BookingCase confirmed(Language language) {
        return after(submitted(booking(language)), new CoordinatorAction.Confirm(FIRST, FIRST.plusDays(1)), NOW);
    }

    @Test
    void givenAConfirmedVisit_whenCancelled_thenTheMailCarriesACalendarCancelOfTheSameEventAndNamesTheDates() {
        BookingCase confirmed = confirmed(Language.EN);
        String invite = ics(mails.confirmation(confirmed));
        BookingCase cancelled = after(confirmed, new CoordinatorAction.Cancel("The delegation cannot travel."), NOW.plusSeconds(3600));

        EmailMessage mail = mails.cancellation(cancelled);
        String cancel = ics(mail);

        assertEquals("CANCEL", property(cancel, "METHOD"));
        assertEquals("CANCELLED", property(cancel, "STATUS"));
        assertEquals(property(invite, "UID"), property(cancel, "UID"));
        assertTrue(Integer.parseInt(property(cancel, "SEQUENCE")) > Integer.parseInt(property(invite, "SEQUENCE")));
        assertTrue(mail.attachments().get(0).contentType().contains("method=CANCEL"), mail.attachments().get(0).contentType());
        assertTrue(mail.text().contains("Monday 15 March 2027 – Tuesday 16 March 2027"), mail.text());
        assertTrue(mail.html().contains("Monday 15 March 2027 – Tuesday 16 March 2027"));
    }

    @Test
    void givenAVisitCancelledBeforeItWasConfirmed_whenTheVisitorIsTold_thenNoCalendarButTheRequestedDatesAreNamed() {
        BookingCase cancelled = after(submitted(booking(Language.EN)), new CoordinatorAction.Cancel(""), NOW);
        EmailMessage mail = mails.cancellation(cancelled);
        assertTrue(mail.attachments().isEmpty(), "nothing was in the calendar");
        LocalDate from = TODAY.plusDays(60);
        assertTrue(mail.text().contains(new MailWords(Language.EN).date(from)), mail.text());
    }

    @Test
    void givenConfirmedDatesChanged_whenConfirmedAgain_thenTheMailReplacesTheOldDatesAndTheSequenceRises() {
        BookingCase first = confirmed(Language.EN);
        String firstInvite = ics(mails.confirmation(first));
        BookingCase changed = after(first, new CoordinatorAction.Confirm(FIRST.plusDays(7), FIRST.plusDays(7)), NOW.plusSeconds(60));
        BookingCase changedAgain = after(changed, new CoordinatorAction.Confirm(FIRST.plusDays(14), FIRST.plusDays(14)),
                NOW.plusSeconds(120));

        EmailMessage mail = mails.confirmation(changed);
        String secondInvite = ics(mail);
        String thirdInvite = ics(mails.confirmation(changedAgain));

        assertTrue(mail.subject().contains("Monday 22 March 2027") && mail.subject().contains("moved"), mail.subject());
        assertTrue(mail.text().contains("replaces"), mail.text());
        assertTrue(mail.text().contains("Monday 15 March 2027 – Tuesday 16 March 2027"), "names the old dates: " + mail.text());
        assertTrue(mail.text().contains("Monday 22 March 2027"), "names the new date");
        assertTrue(ics(mails.confirmation(changedAgain)).contains("REQUEST"));
        for (String invite : new String[] {firstInvite, secondInvite, thirdInvite}) {
            assertEquals("REQUEST", property(invite, "METHOD"));
            assertEquals(property(firstInvite, "UID"), property(invite, "UID"));
        }
        int one = Integer.parseInt(property(firstInvite, "SEQUENCE"));
        int two = Integer.parseInt(property(secondInvite, "SEQUENCE"));
        int three = Integer.parseInt(property(thirdInvite, "SEQUENCE"));
        assertTrue(one < two && two < three, one + " < " + two + " < " + three);
        assertEquals(secondInvite, ics(mails.confirmation(changed)), "the same change gives the same invitation when sent again");
        assertFalse(ics(mails.confirmation(first)).isEmpty());
        assertFalse(mails.confirmation(first).text().contains("replaces"), "a first confirmation replaces nothing");
    }

    @Test
    void givenASwedishBooking_whenConfirmed_thenTheCalendarEventIsInSwedish() {
        String invite = ics(mails.confirmation(confirmed(Language.SV)));
        assertTrue(property(invite, "SUMMARY").contains("Studiebesök"), invite);
        assertFalse(invite.contains("Study visit"), invite);
        assertTrue(property(invite, "DESCRIPTION").contains("UME-7K3QF"));
        String english = ics(mails.confirmation(confirmed(Language.EN)));
        assertTrue(property(english, "SUMMARY").contains("Study visit"), english);
    }
}
