package se.smartcitysweden.booking.manage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.validation.FieldError;

/** What a page with action forms shows on top, and which action's form it opens and focuses (with what was typed). */
record Focus(String action, String bannerKind, String bannerText, List<FieldError> errors, Map<String, String> typed) {
    static Focus none() {
        return new Focus("", "", "", List.of(), Map.of());
    }

    static Focus preselect(String action) {
        return new Focus(action == null ? "" : action, "", "", List.of(), Map.of());
    }

    static Focus banner(String kind, String text) {
        return new Focus("", kind, text, List.of(), Map.of());
    }

    static Focus invalid(String action, List<FieldError> errors, Map<String, String> typed) {
        return new Focus(action, "", "", errors, typed);
    }

    /** An action's form, begun: opened and focused, with its errors, when it is the one named (or that failed). */
    Map<String, Object> form(String name, PageWords w) {
        boolean selected = name.equals(action);
        Map<String, Object> form = new HashMap<>();
        form.put("selected", selected);
        form.put("autofocus", selected);
        form.put("open", selected);
        form.put("errors", selected ? w.errors(errors) : List.of());
        form.put("hasErrors", selected && !errors.isEmpty());
        return form;
    }

    /** What was typed into the form of {@code name}, to show it again. */
    Map<String, String> typed(String name) {
        return name.equals(action) ? typed : Map.of();
    }
}
