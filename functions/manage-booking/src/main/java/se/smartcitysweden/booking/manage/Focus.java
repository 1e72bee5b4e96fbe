package se.smartcitysweden.booking.manage;

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
}
