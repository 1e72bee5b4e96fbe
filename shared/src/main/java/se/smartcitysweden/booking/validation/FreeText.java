package se.smartcitysweden.booking.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One free-text field of a small form (a coordinator's reason, a visitor's message), checked by
 * the booking form's own text rules: trimmed and NFC-normalised, line breaks allowed, control
 * characters and bidirectional overrides refused, at most {@code max} characters.
 */
public final class FreeText {
    private FreeText() { }

    /** The checked text, or "" with the problem added to {@code errors} (blank and not required: ""). */
    public static String read(JsonNode body, String name, int max, boolean required, Messages messages, List<FieldError> errors) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            if (required) errors.add(messages.error(name, "required"));
            return "";
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "invalid_type", messages.text("invalid_type.text")));
            return "";
        }
        String text = TextRules.normalise(value.textValue(), true);
        if (TextRules.hasForbiddenCharacters(text, true)) {
            errors.add(messages.error(name, "control_characters", 1));
            return "";
        }
        if (TextRules.length(text) > max) {
            errors.add(messages.error(name, "too_long", max));
            return "";
        }
        return text;
    }
}
