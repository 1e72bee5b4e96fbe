package se.smartcitysweden.booking.overview;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.validation.ChoiceLabels;
import se.smartcitysweden.booking.validation.StatusLabels;

/** The overview's words in one language ({@code Overview_<lang>.properties}); choices come from {@link ChoiceLabels}. */
final class OverviewWords {
    private final ResourceBundle bundle;
    private final Language language;
    final ChoiceLabels choices;

    OverviewWords(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.overview.Overview", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.choices = ChoiceLabels.of(language);
    }

    /** Every text goes through MessageFormat, so the files write an apostrophe as '' throughout. */
    String get(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), language.locale()).format(args);
    }

    String status(BookingStatus status) {
        return StatusLabels.of(language).staff(status);
    }

    String yesNo(boolean value) {
        return get(value ? "yes" : "no");
    }

    /** A country's name in this language from its ISO code ("Tyskland"), or the words for "not given". */
    String country(String code) {
        if (code.isEmpty()) return get("country.unknown");
        String name = new Locale("", code).getDisplayCountry(language.locale());
        return name.isEmpty() ? code : name;
    }

    Language language() {
        return language;
    }
}
