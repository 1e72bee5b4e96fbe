package se.smartcitysweden.booking.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;

/** Every state has one name per audience in both languages, and no two states share the coordinators' word. */
class StatusLabelsTest {

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyStateHasOneWordPerAudience_andTheStaffWordsAreDistinct(Language language) {
        Set<String> staff = new HashSet<>();
        for (BookingStatus status : BookingStatus.values()) {
            StatusLabels labels = StatusLabels.of(language);
            assertFalse(labels.visitor(status).isBlank());
            staff.add(labels.staff(status));
        }
        assertEquals(BookingStatus.values().length, staff.size(), "two states with one word: " + staff);
    }

    @org.junit.jupiter.api.Test
    void aRequestNobodyAnsweredIsObesvaradInSwedish_asTheFunnelAndTheFiguresSayIt() {
        assertEquals("Obesvarad", StatusLabels.of(Language.SV).staff(BookingStatus.SUBMITTED));
        assertEquals("Unanswered", StatusLabels.of(Language.EN).staff(BookingStatus.SUBMITTED));
    }
}
