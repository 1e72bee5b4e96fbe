package se.smartcitysweden.booking.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The personal data and free text of booking bodies, and the log lines that leak any of it. */
public final class PersonalData {
    private PersonalData() { }

    /** Fields whose values are personal data or free text (everything else is a choice, a date or a number). */
    private static final Set<String> FREE_TEXT = Set.of("purpose", "focusDescription", "companyTypes",
            "specialRequests", "message", "website");
    private static final Set<String> PEOPLE = Set.of("contact", "participants", "organiser");
    private static final Set<String> LITERALS = Set.of("true", "false", "null");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    /** The values worth looking for in logs. */
    public static Set<String> in(JsonNode body) {
        Set<String> found = new LinkedHashSet<>();
        if (body == null || !body.isObject()) return found;
        body.fields().forEachRemaining(field -> {
            if (FREE_TEXT.contains(field.getKey()) || PEOPLE.contains(field.getKey())) collect(field.getValue(), found);
        });
        return found;
    }

    private static void collect(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            String text = node.textValue().strip();
            // At least 4 characters and a letter: shorter ones ("PT") or digits alone match logs by chance.
            // A form sends a JSON literal as text ("true"), which every log line with a flag holds.
            if (text.length() >= 4 && text.chars().anyMatch(Character::isLetter) && !LITERALS.contains(text)) into.add(text);
            // Every line of a multi-line text, and every word-run long enough to be telling.
            text.lines().map(String::strip).filter(line -> line.length() >= 8).forEach(into::add);
        } else {
            node.forEach(child -> collect(child, into));
        }
    }

    /** The lines that hold any of the values, or anything shaped like an e-mail address. */
    public static List<String> leaks(Collection<String> lines, Collection<String> personal) {
        return lines.stream().filter(line -> EMAIL.matcher(line).find()
                || personal.stream().anyMatch(value -> line.contains(value))).toList();
    }
}
