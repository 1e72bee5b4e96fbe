package se.smartcitysweden.booking.validation;

import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;

/**
 * The one source of a booking state's name for each audience, from {@code StatusLabels_<lang>.properties}: the
 * coordinators' word ({@link #staff}: the console's list and filter, the manage page, the overview, the CSV and the
 * workbook) and the visitor's ({@link #visitor}: their own page). One word per state, so "Obesvarad" in the list is
 * "Obesvarad" in the filter, on the booking and in the spreadsheet.
 */
public final class StatusLabels {
    private static final StatusLabels EN = new StatusLabels(Language.EN);
    private static final StatusLabels SV = new StatusLabels(Language.SV);
    private final ResourceBundle bundle;

    private StatusLabels(Language language) {
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.validation.StatusLabels", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static StatusLabels of(Language language) {
        return language == Language.SV ? SV : EN;
    }

    /** The coordinators' and the national office's word for the state. */
    public String staff(BookingStatus status) {
        return bundle.getString("staff." + status.id());
    }

    /** The visitor's word for the state of their request. */
    public String visitor(BookingStatus status) {
        return bundle.getString("visitor." + status.id());
    }
}
