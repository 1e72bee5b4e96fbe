package se.smartcitysweden.booking.manage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.Countries;

/** The visitor's change forms: each filled with what was typed, or with what stands. */
final class VisitorForms {
    private static final Map<Language, List<Map<String, String>>> COUNTRIES = new java.util.concurrent.ConcurrentHashMap<>();

    private VisitorForms() { }

    /** A change's form: opened when it is the one that failed, filled with what was typed or what stands. */
    static Map<String, Object> form(String action, BookingRequest request, PageWords w, Focus focus) {
        Map<String, String> typed = focus.typed(action);
        Map<String, Object> form = focus.form(action, w);
        switch (action) {
            case "participants" -> {
                form.put("expected", typed.getOrDefault("expectedParticipants", Integer.toString(request.expectedParticipants())));
                form.put("max", BookingRules.MAX_PARTICIPANTS);
                form.put("rows", participantRows(request, typed, !action.equals(focus.action())));
                // Countries by name in the reader's language; the value stays the ISO code.
                form.put("countries", COUNTRIES.computeIfAbsent(w.language(), language -> Countries.named(language).stream()
                        .map(pair -> Map.of("code", pair[0], "name", pair[1])).toList()));
                form.put("pasted", "");
            }
            case "other-dates" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < BookingRules.MAX_DATE_RANGES; i++) {
                    String prefix = "preferredDates[" + i + "].";
                    rows.add(Map.of("index", i, "number", i + 1, "from", typed.getOrDefault(prefix + "from", ""),
                            "to", typed.getOrDefault(prefix + "to", ""), "required", i == 0));
                }
                form.put("rows", rows);
                form.put("message", typed.getOrDefault("message", ""));
            }
            default -> form.put("reason", typed.getOrDefault("reason", ""));
        }
        return form;
    }

    /** The participant rows of the form: the list as it stands (or as typed), and empty rows to add more. */
    private static List<Map<String, Object>> participantRows(BookingRequest request, Map<String, String> typed, boolean stored) {
        int filled = stored ? request.participants().size()
                : typed.keySet().stream().filter(k -> k.startsWith("participants[")).map(k -> k.substring(13, k.indexOf(']')))
                        .filter(i -> i.matches("\\d{1,3}")).mapToInt(Integer::parseInt).map(i -> i + 1).max().orElse(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(BookingRules.MAX_PARTICIPANTS, filled + 3); i++) {
            Map<String, Object> row = new HashMap<>(Map.of("index", i, "number", i + 1));
            BookingRequest.Participant p = stored && i < request.participants().size() ? request.participants().get(i) : null;
            for (String field : List.of("name", "organisation", "role", "email", "country")) {
                row.put(field, p != null ? switch (field) {
                    case "name" -> p.name();
                    case "organisation" -> p.organisation();
                    case "role" -> p.role();
                    case "email" -> p.email();
                    default -> p.country();
                } : stored ? "" : typed.getOrDefault("participants[" + i + "]." + field, ""));
            }
            rows.add(row);
        }
        return rows;
    }
}
