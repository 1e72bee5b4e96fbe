package se.smartcitysweden.booking.validation;

import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;

/**
 * The one source of the names of the form's choices (main goals, focus areas, languages) in
 * every language, from {@code ChoiceLabels_<lang>.properties}: {@link FormRules} gives them to the
 * form, and the e-mails and pages use them, so a visitor reads the words they chose.
 */
public final class ChoiceLabels {
    private static final ChoiceLabels EN = new ChoiceLabels(Language.EN);
    private static final ChoiceLabels SV = new ChoiceLabels(Language.SV);
    private final ResourceBundle bundle;

    private ChoiceLabels(Language language) {
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.validation.ChoiceLabels", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static ChoiceLabels of(Language language) {
        return language == Language.SV ? SV : EN;
    }

    public String mainGoal(MainGoal goal) {
        return bundle.getString("mainGoal." + goal.id());
    }

    public String focusArea(FocusArea area) {
        return bundle.getString("focusArea." + area.id());
    }

    /** A language's name in this language ("engelska" in Swedish). */
    public String language(Language named) {
        return bundle.getString("language." + named.code());
    }
}
