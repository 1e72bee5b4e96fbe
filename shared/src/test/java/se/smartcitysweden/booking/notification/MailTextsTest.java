package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/** What the e-mails say, read as their reader reads them. */
class MailTextsTest {

    @Test
    void givenADateAndAMoment_whenWritten_thenInTheReadersLanguageAndSwedishTime() {
        MailWords en = new MailWords(Language.EN);
        MailWords sv = new MailWords(Language.SV);
        LocalDate day = LocalDate.parse("2027-03-15");
        Instant nine = Instant.parse("2027-03-15T08:00:00Z");
        assertEquals("Monday 15 March 2027", en.date(day));
        assertEquals("måndag 15 mars 2027", sv.date(day));
        assertEquals("Monday 15 March 2027, 09:00 (Swedish time)", en.dateTime(nine));
        assertEquals("måndag 15 mars 2027 kl. 09:00 (svensk tid)", sv.dateTime(nine));
        assertEquals("Thursday 15 July 2027, 09:00 (Swedish time)", en.dateTime(Instant.parse("2027-07-15T07:00:00Z")),
                "summer time");
    }

    @Test
    void givenAParticipantWithOnlyAName_whenTheTextPartIsWritten_thenNoEmptyFieldsAreListed() {
        Booking booking = booking(body -> {
            body.withArray("participants").removeAll();
            body.withArray("participants").addObject().put("name", "Bo Ek");
        });
        String text = bookingMails(Language.EN).toCoordinators(booking, NOW).text();
        assertTrue(text.contains("#1 Bo Ek\n"), text);
        assertFalse(text.contains(", ,"), text);
        assertFalse(bookingMails(Language.EN).toVisitor(booking).text().contains(", ,"));
    }

    @Test
    void givenTheMeetCompaniesQuestionLeftBlank_whenTheBookingIsShown_thenNoAnswerIsInvented() {
        Booking blank = booking(body -> {
            body.remove("meetCompanies");
            body.remove("companyTypes");
        });
        for (Language language : Language.values()) {
            MailWords words = new MailWords(language);
            String label = words.get("label.meetCompanies");
            assertFalse(labels(BookingMails.details(blank, words)).contains(label), "unanswered: not shown");
            assertTrue(labels(BookingMails.details(booking(body -> body.put("meetCompanies", false)), words)).contains(label),
                    "answered no: shown");
        }
        assertFalse(bookingMails(Language.EN).toVisitor(blank).text().contains("Wants to meet companies"));
    }

    @Test
    void givenAVisitorsMail_whenRead_thenNoInternalWordNodeAndThePlaceIsNamed() {
        Pattern node = Pattern.compile("\\b(node|nod|noden)\\b", Pattern.CASE_INSENSITIVE);
        for (Language language : Language.values()) {
            Booking booking = booking(language);
            BookingCase confirmed = after(submitted(booking), new CoordinatorAction.Confirm(TODAY.plusDays(60), TODAY.plusDays(60)), NOW);
            CaseMails mails = caseMails(Language.SV);
            for (EmailMessage mail : List.of(bookingMails(Language.SV).toVisitor(booking), mails.confirmation(confirmed),
                    mails.practicalInformation(confirmed, NOW), mails.thanks(confirmed, NOW),
                    mails.cancellation(after(confirmed, new CoordinatorAction.Cancel(""), NOW)))) {
                assertFalse(node.matcher(mail.text()).find(), mail.text());
                assertFalse(node.matcher(mail.html()).find(), mail.subject());
                assertTrue(mail.text().contains("Umeå"), mail.text());
            }
        }
    }

    @Test
    void givenAnyMail_whenRead_thenItLinksThePrivacyNoticeAndNamesTheControllerAndItsDataProtectionContact() {
        Booking booking = booking(Language.SV);
        BookingCase confirmed = after(submitted(booking), new CoordinatorAction.Confirm(TODAY.plusDays(60), TODAY.plusDays(60)), NOW);
        CaseMails mails = caseMails(Language.EN);
        PrivacyNotice privacy = PrivacyNotice.defaults(LINKS);
        List<EmailMessage> all = List.of(bookingMails(Language.EN).toVisitor(booking), bookingMails(Language.EN).toCoordinators(booking, NOW),
                mails.confirmation(confirmed), mails.decline(after(submitted(booking), new CoordinatorAction.Decline("Full."), NOW)),
                mails.cancellation(after(confirmed, new CoordinatorAction.Cancel(""), NOW)), mails.practicalInformation(confirmed, NOW),
                mails.thanks(confirmed, NOW), mails.unansweredReminder(submitted(booking), 1, NOW), mails.prepareVisit(confirmed, NOW),
                mails.outcomeMissing(confirmed, NOW), mails.contactUnreachable(confirmed, false, NOW),
                mails.digest("2027-W10", List.of(new MailTable("t", List.of("a"), List.of(List.of("1")), "")), new byte[0]));
        for (EmailMessage mail : all) {
            for (String body : List.of(mail.text(), mail.html())) {
                assertTrue(body.contains("https://visits.example.org/privacy.html"), mail.subject() + "\n" + body);
                // The default controller and contact are named in the mail's language (Swedish to the visitor here).
                MailWords words = new MailWords(mail.text().contains("Personuppgiftsansvarig") ? Language.SV : Language.EN);
                assertTrue(body.contains(privacy.controller(words)), mail.subject());
                assertTrue(body.contains(privacy.dataProtectionContact(words)), mail.subject());
            }
        }
        assertTrue(all.get(0).text().contains("/privacy.html#sv"), "the visitor's language");
        assertTrue(all.get(0).text().contains("Personuppgiftsansvarig: IVL Svenska Miljöinstitutet"), all.get(0).text());
        assertTrue(all.get(1).text().contains("Controller of the personal data: " + PrivacyNotice.DEFAULT_CONTROLLER), all.get(1).text());
    }

    @Test
    void givenAWeekBeforeMailSentLate_whenWritten_thenItSaysTheRealNumberOfDaysInBothLanguages() {
        // NOW is 10 January 2027, 09:00 in Sweden; days are counted on the Swedish calendar.
        assertEquals("today", new MailWords(Language.EN).fromNow(TODAY, NOW));
        assertEquals("i dag", new MailWords(Language.SV).fromNow(TODAY, NOW));
        assertEquals("tomorrow", new MailWords(Language.EN).fromNow(TODAY.plusDays(1), Instant.parse("2027-01-10T22:59:00Z")));
        assertEquals("i dag", new MailWords(Language.SV).fromNow(TODAY.plusDays(1), Instant.parse("2027-01-10T23:00:00Z")));
        Map<Integer, List<String>> expected = Map.of(7, List.of("in 7 days", "om 7 dagar"), 3, List.of("in 3 days", "om 3 dagar"),
                1, List.of("tomorrow", "i morgon"));
        for (Map.Entry<Integer, List<String>> days : expected.entrySet()) {
            for (Language language : Language.values()) {
                String phrase = days.getValue().get(language == Language.EN ? 0 : 1);
                BookingCase confirmed = after(submitted(booking(language)),
                        new CoordinatorAction.Confirm(TODAY.plusDays(days.getKey()), TODAY.plusDays(days.getKey() + 1)), NOW);
                for (EmailMessage mail : List.of(caseMails(language).prepareVisit(confirmed, NOW),
                        caseMails(Language.SV).practicalInformation(confirmed, NOW))) {
                    for (String part : List.of(mail.subject(), mail.text(), mail.html())) {
                        assertTrue(part.contains(phrase), phrase + " in " + part);
                        if (days.getKey() != 7) assertFalse(part.contains("7 days") || part.contains("7 dagar"), part);
                    }
                }
            }
        }
    }

    private static List<Object> labels(Map<String, Object> details) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) details.get("rows");
        return rows.stream().map(row -> row.get("label")).toList();
    }
}
