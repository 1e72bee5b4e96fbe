package se.smartcitysweden.booking.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The key facts at the top of a page, label and value; a blank value is left out. */
final class Facts {
    private final List<Map<String, Object>> list = new ArrayList<>();

    Facts add(String label, String value) {
        if (value != null && !value.isBlank()) list.add(Map.of("label", label, "value", value));
        return this;
    }

    List<Map<String, Object>> list() {
        return list;
    }

    /** The parts given, one a line. */
    static String lines(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) if (part != null && !part.isBlank()) present.add(part);
        return String.join("\n", present);
    }
}
