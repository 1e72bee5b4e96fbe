package se.smartcitysweden.booking.domain;

import java.util.Locale;
import java.util.Optional;

/** The languages the visitor can use; error messages and e-mails follow the booking's language. */
public enum Language {
    EN("en"), SV("sv");

    private final String code;

    Language(String code) { this.code = code; }

    public String code() { return code; }

    public Locale locale() { return Locale.forLanguageTag(code); }

    public static Optional<Language> fromCode(String code) {
        for (Language language : values()) {
            if (language.code.equals(code)) return Optional.of(language);
        }
        return Optional.empty();
    }
}
