package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.notification.MailFixtures.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.validation.FormRules;

/** The e-mails (and the pages that show their details) name every choice as the form does. */
class ChoiceLabelsTest {
    private final JsonNode rules = FormRules.document();

    @Test
    void givenEveryChoiceInBothLanguages_whenTheBookingIsShown_thenItsLabelIsTheFormRulesLabel() {
        for (Language language : Language.values()) {
            MailWords words = new MailWords(language);
            JsonNode labels = rules.path("labels").path(language.code());
            for (MainGoal goal : MainGoal.values()) {
                Booking booking = booking(body -> body.put("language", language.code()).put("mainGoal", goal.id()));
                String expected = labels.path("mainGoals").path(goal.id()).asText();
                assertFalse(expected.isEmpty(), "the form rules name " + goal.id() + " in " + language.code());
                assertEquals(expected, value(BookingMails.details(booking, words), words.get("label.mainGoal")));
                assertTrue(bookingMails(language).toVisitor(booking).text().contains(expected));
            }
            for (FocusArea area : FocusArea.values()) {
                Booking booking = booking(body -> body.put("language", language.code()).set("focusAreas",
                        body.arrayNode().add(area.id())));
                String expected = labels.path("focusAreas").path(area.id()).asText();
                assertFalse(expected.isEmpty(), "the form rules name " + area.id() + " in " + language.code());
                assertEquals(expected, value(BookingMails.details(booking, words), words.get("label.focusAreas")));
            }
            for (Language named : Language.values()) {
                assertEquals(labels.path("languages").path(named.code()).asText(), words.choices().language(named));
            }
        }
    }

    /** Until the form reads its labels from the rules, its own copy must say the same. */
    @Test
    void givenTheFormsScript_whenItNamesAChoice_thenWithTheFormRulesLabel() throws IOException {
        String script = Files.readString(Path.of("../web/booking-form.js"));
        for (Language language : Language.values()) {
            JsonNode labels = rules.path("labels").path(language.code());
            for (String group : List.of("mainGoals", "focusAreas")) {
                labels.path(group).fields().forEachRemaining(label -> assertTrue(
                        script.contains("'" + label.getValue().asText() + "'"), label.getValue().asText()));
            }
        }
    }

    private static String value(Map<String, Object> details, String label) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) details.get("rows");
        return rows.stream().filter(row -> row.get("label").equals(label)).map(row -> (String) row.get("value"))
                .findFirst().orElseThrow();
    }
}
