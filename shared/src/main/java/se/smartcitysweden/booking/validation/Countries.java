package se.smartcitysweden.booking.validation;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Language;

/**
 * Countries by name in every form language: ISO 3166-1 alpha-2 codes stay the stored value, and a name a visitor
 * types or pastes ("Portugal", "Sverige", "united kingdom") is read as its code. The names are the JDK's
 * (java.util.Locale, CLDR), the same the form's rules file and the e-mails use.
 */
public final class Countries {
    private static final Map<String, String> BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            BY_NAME.put(key(code), code);
            for (Language language : Language.values()) BY_NAME.put(key(new Locale("", code).getDisplayCountry(language.locale())), code);
        }
        // Common English forms the JDK names otherwise.
        BY_NAME.putIfAbsent(key("UK"), "GB");
        BY_NAME.putIfAbsent(key("USA"), "US");
        BY_NAME.putIfAbsent(key("United States of America"), "US");
    }

    private Countries() { }

    /** The code a code or a name stands for (case, accents and spacing aside); empty when it is neither. */
    public static Optional<String> code(String codeOrName) {
        if (codeOrName == null || codeOrName.isBlank()) return Optional.empty();
        return Optional.ofNullable(BY_NAME.get(key(codeOrName)));
    }

    /** Every code with its name in {@code language}, sorted by name (for a select or a datalist). */
    public static List<String[]> named(Language language) {
        List<String[]> named = new java.util.ArrayList<>();
        FormRules.countries(language.locale()).forEach(pair -> named.add(new String[] {pair.get(0).asText(), pair.get(1).asText()}));
        return named;
    }

    private static String key(String text) {
        String plain = Normalizer.normalize(text.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }
}
