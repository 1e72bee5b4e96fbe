package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Language;

class PrivacyNoticeTest {

    @Test
    void givenTheDeploymentsValues_whenRead_thenTheyAreUsedAndBlanksTakeTheDefaults() {
        PrivacyNotice set = PrivacyNotice.fromEnvironment(Map.of("PRIVACY_URL", "https://smartcitysweden.com/privacy",
                "DATA_CONTROLLER", "IVL, Box 1, Stockholm", "DATA_PROTECTION_CONTACT", "dpo@example.org"), LINKS);
        assertEquals(new PrivacyNotice("https://smartcitysweden.com/privacy", "IVL, Box 1, Stockholm", "dpo@example.org"), set);
        assertEquals("https://smartcitysweden.com/privacy#sv", set.url(Language.SV));
        assertEquals("https://smartcitysweden.com/privacy#en", set.url(Language.EN));

        PrivacyNotice unset = PrivacyNotice.fromEnvironment(Map.of("PRIVACY_URL", " ", "DATA_CONTROLLER", ""), LINKS);
        assertEquals(PrivacyNotice.defaults(LINKS), unset);
        assertEquals("https://visits.example.org/privacy.html", unset.url());

        String text = new CaseMails(SENDER, DIRECTORY, LINKS, Language.EN, set).thanks(submitted(booking(Language.EN)), NOW).text();
        assertTrue(text.contains("https://smartcitysweden.com/privacy#en") && text.contains("dpo@example.org"), text);
    }
}
