package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import se.smartcitysweden.booking.json.Json;

/**
 * A form posted from the manage or feedback page ({@code application/x-www-form-urlencoded}),
 * turned into the same JSON the API takes, so both go through one validation: blank fields are
 * left out, "companies met" is one company a line, "business interest" is yes or no, the rating a
 * number. A value that cannot be converted stays text, and validation names the field.
 */
final class FormFields {
    private static final Set<String> TRUE = Set.of("yes", "true", "on", "ja");
    private static final Set<String> FALSE = Set.of("no", "false", "off", "nej");

    private final Map<String, String> values;

    private FormFields(Map<String, String> values) {
        this.values = values;
    }

    /** The fields as sent; a repeated field keeps its first value. */
    static FormFields parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        if (body != null) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                values.putIfAbsent(decode(name), decode(value));
            }
        }
        return new FormFields(values);
    }

    /** What was typed, to show the form again with the errors. */
    Map<String, String> values() {
        return values;
    }

    String get(String name) {
        return values.getOrDefault(name, "");
    }

    /** The body of {@code POST /bookings/{id}/actions} that the form stands for. */
    ObjectNode action() {
        ObjectNode json = Json.object();
        values.forEach((name, value) -> {
            if (value.isBlank()) return;
            switch (name) {
                case "companiesMet" -> {
                    ArrayNode companies = json.putArray(name);
                    for (String line : value.split("\\R")) if (!line.isBlank()) companies.add(line.strip());
                }
                case "businessInterest" -> {
                    String answer = value.strip().toLowerCase(java.util.Locale.ROOT);
                    if (TRUE.contains(answer)) json.put(name, true);
                    else if (FALSE.contains(answer)) json.put(name, false);
                    else json.put(name, value);
                }
                case "date", "endDate" -> json.put(name, value.strip());
                default -> json.put(name, value);
            }
        });
        return json;
    }

    /** The body of {@code POST /bookings/{id}/feedback} that the form stands for. */
    ObjectNode feedback() {
        ObjectNode json = Json.object();
        values.forEach((name, value) -> {
            if (value.isBlank()) return;
            if (name.equals("rating") && value.strip().matches("\\d{1,2}")) json.put(name, Integer.parseInt(value.strip()));
            else json.put(name, value);
        });
        return json;
    }

    /** Percent-decoded; a malformed escape is left as sent (validation then names the field). */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
