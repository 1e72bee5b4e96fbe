package se.smartcitysweden.booking.validation;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.Language;

/** Error messages in the request's language, from {@code ValidationMessages_<lang>.properties}. */
public final class Messages {
    private final ResourceBundle bundle;
    private final Language language;

    private Messages(Language language) {
        this.language = language;
        // The bundles are UTF-8 (Java 9+ reads properties bundles as UTF-8).
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.validation.ValidationMessages",
                language.locale(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static final Messages EN = new Messages(Language.EN);
    private static final Messages SV = new Messages(Language.SV);

    public static Messages of(Language language) {
        return language == Language.SV ? SV : EN;
    }

    public Language language() { return language; }

    public String text(String key, Object... arguments) {
        String pattern = bundle.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, language.locale()).format(arguments);
    }

    public FieldError error(String field, String code, Object... arguments) {
        return new FieldError(field, code, text(code, arguments));
    }
}
