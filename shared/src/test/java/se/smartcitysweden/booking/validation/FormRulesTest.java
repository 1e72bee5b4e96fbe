package se.smartcitysweden.booking.validation;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;

class FormRulesTest {
    private final JsonNode rules = FormRules.document();

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.isTextual() ? item.textValue() : item.path("id").textValue()));
        return texts;
    }

    @Test
    void givenTheEnums_whenTheRulesAreWritten_thenEveryIdIsThereInOrder() {
        assertEquals(java.util.Arrays.stream(Node.values()).map(Node::id).toList(), texts(rules.get("nodes")));
        rules.get("nodes").forEach(node ->
                assertEquals(Node.fromId(node.get("id").textValue()).orElseThrow().city(), node.get("city").textValue()));
        assertEquals(java.util.Arrays.stream(MainGoal.values()).map(MainGoal::id).toList(), texts(rules.get("mainGoals")));
        assertEquals(java.util.Arrays.stream(FocusArea.values()).map(FocusArea::id).toList(), texts(rules.get("focusAreas")));
        assertEquals(java.util.Arrays.stream(Language.values()).map(Language::code).toList(), texts(rules.get("languages")));
    }

    @Test
    void givenTheBundles_whenTheRulesAreWritten_thenEveryMessageKeyOfEveryLanguageIsThere() {
        for (Language language : Language.values()) {
            ResourceBundle bundle = ResourceBundle.getBundle(FormRules.BUNDLE, language.locale(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            JsonNode messages = rules.path("messages").path(language.code());
            assertFalse(bundle.keySet().isEmpty());
            for (String key : bundle.keySet()) {
                assertEquals(bundle.getString(key), messages.path(key).textValue(), language + " " + key);
            }
            assertEquals(bundle.keySet().size(), messages.size(), language.code());
        }
        Set<String> english = new HashSet<>();
        rules.path("messages").path("en").fieldNames().forEachRemaining(english::add);
        Set<String> swedish = new HashSet<>();
        rules.path("messages").path("sv").fieldNames().forEachRemaining(swedish::add);
        assertEquals(english, swedish, "both languages have the same message keys");
    }

    @Test
    void givenTheLimits_whenTheRulesAreWritten_thenTheyAreBookingRules() {
        JsonNode limits = rules.get("limits");
        assertEquals(BookingRules.MAX_LONG_TEXT, limits.get("maxLongText").intValue());
        assertEquals(BookingRules.MAX_MESSAGE, limits.get("maxMessage").intValue());
        assertEquals(BookingRules.MAX_SHORT_TEXT, limits.get("maxShortText").intValue());
        assertEquals(BookingRules.MAX_DATE_RANGES, limits.get("maxDateRanges").intValue());
        assertEquals(BookingRules.MAX_RANGE_DAYS, limits.get("maxRangeDays").intValue());
        assertEquals(BookingRules.MAX_PARTICIPANTS, limits.get("maxParticipants").intValue());
        assertEquals(TextRules.MAX_EMAIL_LENGTH, limits.get("maxEmailLength").intValue());
        assertEquals("Europe/Stockholm", rules.get("timeZone").textValue());
    }

    @Test
    void givenTheCountries_whenTheRulesAreWritten_thenEveryCodeTheServerAcceptsIsNamedInEachLanguage() {
        Set<String> iso = Set.of(Locale.getISOCountries());
        for (Language language : Language.values()) {
            JsonNode countries = rules.path("countries").path(language.code());
            Set<String> codes = new HashSet<>();
            countries.forEach(pair -> {
                assertTrue(TextRules.isCountry(pair.get(0).textValue()));
                assertFalse(pair.get(1).textValue().isBlank());
                codes.add(pair.get(0).textValue());
            });
            assertEquals(iso, codes, language.code());
        }
        // Sorted by name in the language: Sweden is "Sverige" in Swedish, so it comes after "Spanien".
        List<String> swedish = new ArrayList<>();
        rules.path("countries").path("sv").forEach(pair -> swedish.add(pair.get(0).textValue()));
        assertTrue(swedish.indexOf("ES") < swedish.indexOf("SE"));
        assertEquals("Sverige", rules.path("countries").path("sv").get(swedish.indexOf("SE")).get(1).textValue());
    }

    @Test
    void givenThePatterns_whenAnchored_thenTheyJudgeAsTextRulesDoes() {
        Pattern email = Pattern.compile(rules.path("patterns").path("email").textValue());
        for (String candidate : List.of("name@example.org", "a.b+c@sub.example.se", "no-at.example.org",
                "two@@example.org", "name@example", "åsa@example.se", "name@exa_mple.org")) {
            assertEquals(TextRules.isEmail(candidate), email.matcher(candidate).matches(), candidate);
        }
        Pattern phone = Pattern.compile(rules.path("patterns").path("phone").textValue());
        for (String candidate : List.of("+46 90 123 45", "090-12 34 56", "phone", "+46")) {
            boolean digits = candidate.chars().filter(Character::isDigit).count()
                    >= rules.path("patterns").path("phoneMinDigits").intValue();
            assertEquals(TextRules.isPhone(candidate), phone.matcher(candidate).matches() && digits, candidate);
        }
    }

    @Test
    void givenAPath_whenMainRuns_thenTheDocumentIsWrittenThere(@TempDir Path folder) throws Exception {
        Path target = folder.resolve("web/booking-rules.json");
        FormRules.main(new String[] {target.toString()});
        assertEquals(rules, Json.parse(Files.readString(target, StandardCharsets.UTF_8)));
    }

    @Test
    void givenADirectoryWithNotice_whenMainRuns_thenTheNodesNoticeIsInTheDocument(@TempDir Path folder) throws Exception {
        Path target = folder.resolve("rules.json");
        FormRules.main(new String[] {target.toString(), "{\"nodes\": {\"umea\": {\"coordinators\": [\"u@example.org\"], "
                + "\"visits\": {\"minimumNoticeDays\": 14}}, \"malmo\": [\"m@example.org\"]}}"});
        com.fasterxml.jackson.databind.JsonNode notice = se.smartcitysweden.booking.json.Json.parse(java.nio.file.Files.readString(target))
                .path("minimumNoticeDays");
        assertEquals(14, notice.path("umea").asInt());
        assertFalse(notice.has("malmo"), "no notice, no entry");
        assertEquals(0, FormRules.document().path("minimumNoticeDays").size(), "the built file has none");
    }
}
