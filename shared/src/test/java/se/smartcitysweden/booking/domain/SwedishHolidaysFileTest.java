package se.smartcitysweden.booking.domain;

import static org.junit.jupiter.api.Assertions.*;

import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The holiday file {@link WorkingDays} reads is generated here from Jollyday (a test dependency
 * only), and must stay exactly what Jollyday says. To regenerate it (say, after raising
 * {@link #LAST_YEAR} or updating Jollyday): run this test, then copy the file it writes.
 */
class SwedishHolidaysFileTest {
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 2100;
    private static final String COMMITTED = "shared/src/main/resources/se/smartcitysweden/booking/domain/" + WorkingDays.FILE;
    private static final Path GENERATED = Path.of("target", WorkingDays.FILE);
    private static final HolidayManager JOLLYDAY = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.SWEDEN));

    /** Every date Jollyday's Swedish calendar counts as a holiday, weekends included, one per line. */
    static String generate() {
        StringBuilder file = new StringBuilder()
                .append("# Swedish holidays ").append(FIRST_YEAR).append('-').append(LAST_YEAR)
                .append(" (eves included) as Jollyday's HolidayCalendar.SWEDEN isHoliday counts them; generated, do not edit.\n")
                .append("# Regenerate: mvn -B -pl shared test -Dtest=SwedishHolidaysFileTest; cp shared/target/")
                .append(WorkingDays.FILE).append(' ').append(COMMITTED).append('\n');
        for (LocalDate day = LocalDate.of(FIRST_YEAR, 1, 1); day.getYear() <= LAST_YEAR; day = day.plusDays(1)) {
            if (JOLLYDAY.isHoliday(day)) file.append(day).append('\n');
        }
        return file.toString();
    }

    @Test
    void givenEveryDayOfTheFile_whenAskedIfWorking_thenItIsAWeekdayJollydayDoesNotCountAsAHoliday() {
        WorkingDays days = WorkingDays.sweden();
        for (LocalDate day = LocalDate.of(FIRST_YEAR, 1, 1); day.getYear() <= LAST_YEAR; day = day.plusDays(1)) {
            boolean weekday = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
            assertEquals(weekday && !JOLLYDAY.isHoliday(day), days.isWorkingDay(day), day.toString());
        }
    }

    @Test
    void givenTheCommittedFile_whenGeneratedAfresh_thenItIsTheSame() throws IOException {
        String generated = generate();
        Files.writeString(GENERATED, generated, StandardCharsets.US_ASCII);
        String committed;
        try (InputStream in = WorkingDays.class.getResourceAsStream(WorkingDays.FILE)) {
            assertNotNull(in, COMMITTED + " is missing");
            committed = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertEquals(generated, committed, COMMITTED + " differs from what Jollyday says. Regenerate it with: cp shared/target/"
                + WorkingDays.FILE + " " + COMMITTED);
    }

    @Test
    void givenToday_whenFiftyYearsAhead_thenTheFileStillKnowsTheHolidays() {
        LocalDate inFiftyYears = LocalDate.now().plusYears(50);
        assertDoesNotThrow(() -> WorkingDays.sweden().isWorkingDay(inFiftyYears.withDayOfYear(inFiftyYears.lengthOfYear())),
                "The holiday file ends within 50 years: raise LAST_YEAR in SwedishHolidaysFileTest and regenerate the file");
    }

    @Test
    void givenAYearOutsideTheFile_whenAskedIfWorking_thenItRefusesInsteadOfAssumingNoHolidays() {
        WorkingDays days = WorkingDays.sweden();
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> days.isWorkingDay(LocalDate.of(LAST_YEAR + 1, 1, 2)));
        assertTrue(after.getMessage().contains(String.valueOf(LAST_YEAR + 1)), after.getMessage());
        assertTrue(after.getMessage().contains("regenerated"), after.getMessage());
        assertThrows(IllegalArgumentException.class, () -> days.isWorkingDay(LocalDate.of(FIRST_YEAR - 1, 12, 31)));
        assertThrows(IllegalArgumentException.class, () -> days.plusWorkingDays(LocalDate.of(LAST_YEAR, 12, 20), 10));
    }
}
