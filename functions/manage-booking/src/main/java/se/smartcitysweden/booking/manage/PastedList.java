package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.selfservice.ParticipantPaste;
import se.smartcitysweden.booking.validation.Countries;

/**
 * The visitor page's participants form with a pasted list (a spreadsheet's rows, {@link ParticipantPaste}): the
 * rows are added after the ones in the form, in the body the page saves and in what it shows again, and the
 * expected number grows to the named count when it was lower. {@code preview}: the visitor asked to read the
 * list first ("step": "preview"), so nothing is saved and the form comes back filled, with each row's errors.
 * Country names typed in any row are read as their codes.
 */
record PastedList(JsonNode tree, Map<String, String> typed, int pasted, boolean preview, boolean raisedExpected) {

    static boolean applies(JsonNode body) {
        return body.path("action").asText("").equals("participants");
    }

    static PastedList of(JsonNode body, Map<String, String> typedBefore) {
        ObjectNode tree = body.deepCopy();
        boolean preview = "preview".equals(tree.path("step").asText(""));
        String text = tree.path("pasted").asText("");
        tree.remove("pasted");
        tree.remove("step");
        Map<String, String> typed = new LinkedHashMap<>(typedBefore);
        typed.remove("pasted");
        typed.remove("step");
        List<Participant> rows = text.length() > ParticipantPaste.MAX_CHARACTERS ? List.of() : ParticipantPaste.parse(text);
        if (!rows.isEmpty() || tree.has("participants")) {
            ArrayNode list = tree.withArray("participants");
            int next = typed.keySet().stream().filter(k -> k.matches("participants\\[\\d{1,3}]\\..*"))
                    .mapToInt(k -> Integer.parseInt(k.substring(13, k.indexOf(']'))) + 1).max().orElse(0);
            for (Participant p : rows) {
                ObjectNode row = list.addObject();
                put(row, typed, next, "name", p.name());
                put(row, typed, next, "organisation", p.organisation());
                put(row, typed, next, "role", p.role());
                put(row, typed, next, "email", p.email());
                put(row, typed, next, "country", p.country());
                next++;
            }
            // A country given by name (typed, or chosen from the list by name) is stored as its code.
            for (JsonNode row : list) {
                if (row instanceof ObjectNode o && o.path("country").isTextual()) {
                    Countries.code(o.path("country").textValue()).ifPresent(code -> o.put("country", code));
                }
            }
        }
        boolean raised = false;
        int named = tree.path("participants").size();
        JsonNode expected = tree.path("expectedParticipants");
        if (!rows.isEmpty() && expected.isIntegralNumber() && expected.intValue() < named) {
            tree.put("expectedParticipants", named);
            typed.put("expectedParticipants", Integer.toString(named));
            raised = true;
        }
        return new PastedList(tree, typed, rows.size(), preview, raised);
    }

    private static void put(ObjectNode row, Map<String, String> typed, int index, String field, String value) {
        if (value.isBlank()) return;
        row.put(field, value);
        typed.put("participants[" + index + "]." + field, value);
    }
}
