package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/**
 * The take-over mails (the national office takes over an unanswered request) carry the whole footer like every
 * other mail: the privacy notice's link and the controller; the visitor's one links their booking page.
 */
class TakenOverMailsTest {
    private static final Map<Language, List<String>> FOOTER = Map.of(
            Language.EN, List.of("How we handle your personal data", "Controller of the personal data: IVL Swedish Environmental Research Institute",
                    "Data protection contact: Data protection officer, IVL"),
            Language.SV, List.of("Så behandlar vi dina personuppgifter", "Personuppgiftsansvarig: IVL Svenska Miljöinstitutet",
                    "Kontakt för dataskydd: Dataskyddsombud, IVL"));
    /** The English footer's sentences, none of which a Swedish mail may carry. */
    private static final List<String> ENGLISH_FOOTER = List.of("How we handle your personal data", "Controller of the personal data",
            "Data protection contact", "Data protection officer", "Swedish Environmental Research Institute");
    private static final Pattern VISITOR_PAGE = Pattern.compile("https://visits\\.example\\.org/bookings/b-42/visit\\?token=[A-Za-z0-9_.%-]+");

    /** No line that ends in ": " (a label without its link), and no empty link in the HTML part. */
    private static void noEmptyLink(EmailMessage mail) {
        for (String line : mail.text().split("\n")) {
            // (The booking's details are "Label:" over their value, so only ": " and a bare ":" are a missing link.)
            assertFalse(line.endsWith(": ") || line.strip().equals(":"), "a label without its link: [" + line + "]\n" + mail.text());
            if (line.contains(": http")) assertTrue(line.matches(".+: https://\\S+"), "a link line: [" + line + "]");
        }
        assertFalse(mail.html().contains("href=\"\"") || mail.html().contains("href=\"#"), mail.html());
        assertFalse(mail.html().contains("></a>"), "a link without words: " + mail.html());
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void givenAnUnansweredRequest_whenTheVisitorIsToldOfTheTakeOver_thenTheMailHasTheFooterAndTheirPageLink(Language language) {
        BookingCase c = submitted(booking(language));
        EmailMessage notice = caseMails(Language.SV).takenOverNotice(c);

        for (String part : List.of(notice.text(), notice.html().replace("&#x3D;", "="))) {
            for (String footer : FOOTER.get(language)) assertTrue(part.contains(footer), footer + " in\n" + part);
            assertTrue(part.contains("https://visits.example.org/privacy.html#" + language.code()), part);
            assertTrue(VISITOR_PAGE.matcher(part).find(), "the visitor's page: " + part);
        }
        assertTrue(notice.text().contains(new MailWords(language).get("link.visitor") + ": https://"), notice.text());
        noEmptyLink(notice);
        assertEquals("national@example.org", notice.replyTo().orElseThrow().address(), "replies reach the national office");
        if (language == Language.SV) {
            for (String english : ENGLISH_FOOTER) assertFalse(notice.text().contains(english), english + " in\n" + notice.text());
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void givenAnUnansweredRequest_whenTheNationalOfficeIsToldToTakeItOver_thenTheMailHasTheFooterAndTheManageLink(Language language) {
        BookingCase c = submitted(booking(Language.EN));
        EmailMessage takenOver = caseMails(language).takenOver(c, NOW);

        for (String part : List.of(takenOver.text(), takenOver.html().replace("&#x3D;", "="))) {
            for (String footer : FOOTER.get(language)) assertTrue(part.contains(footer), footer + " in\n" + part);
            assertTrue(part.contains("https://visits.example.org/privacy.html#" + language.code()), part);
            assertTrue(part.contains("https://visits.example.org/bookings/b-42/manage?token="), part);
        }
        noEmptyLink(takenOver);
    }

    @Test
    void givenSwedishVisitorMails_whenWritten_thenNoneCarriesAnEnglishFooterSentence() {
        BookingCase c = submitted(booking(Language.SV));
        BookingCase declined = after(c, new CoordinatorAction.Decline("Fullbokat."), NOW);
        List<EmailMessage> mails = List.of(bookingMails(Language.SV).toVisitor(c.booking()), caseMails(Language.EN).takenOverNotice(c),
                caseMails(Language.EN).thanks(c, NOW), caseMails(Language.EN).decline(declined),
                caseMails(Language.SV).takenOver(c, NOW), caseMails(Language.SV).unansweredReminder(c, 1, NOW));
        for (EmailMessage mail : mails) {
            for (String part : List.of(mail.text(), mail.html())) {
                for (String english : ENGLISH_FOOTER) assertFalse(part.contains(english), english + " in\n" + part);
                assertTrue(part.contains("Personuppgiftsansvarig: IVL Svenska Miljöinstitutet"), part);
            }
        }
    }

    @Test
    void givenADeploymentsOwnController_whenASwedishMailIsWritten_thenItIsNamedAsGiven() {
        PrivacyNotice own = new PrivacyNotice("https://smartcitysweden.com/privacy", "Acme AB, Box 1, Stockholm", "dpo@example.org");
        String text = new CaseMails(SENDER, DIRECTORY, LINKS, Language.SV, own).takenOverNotice(submitted(booking(Language.SV))).text();
        assertTrue(text.contains("Personuppgiftsansvarig: Acme AB, Box 1, Stockholm. Kontakt för dataskydd: dpo@example.org."), text);
    }
}
