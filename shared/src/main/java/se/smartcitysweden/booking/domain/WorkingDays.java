package se.smartcitysweden.booking.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;

/**
 * Swedish working days: Monday to Friday except public holidays and the eves that are
 * de facto days off (Midsummer, Christmas and New Year's Eve).
 *
 * <p>The holidays come from {@code holidays-se.txt} beside this class, generated from the
 * Jollyday library's Swedish calendar by {@code SwedishHolidaysFileTest}, which also fails when
 * the file and the library disagree. A file read once costs a cold start far less than Jollyday
 * parsing its XML calendar, and keeps the library and its XML stack out of the Lambda jars.
 */
public final class WorkingDays {
    static final String FILE = "holidays-se.txt";

    private final int firstYear;
    private final int lastYear;
    private final long firstDay;
    /** Bit {@code epochDay - firstDay} is set for each holiday. */
    private final BitSet holidays;

    private WorkingDays(int firstYear, int lastYear, BitSet holidays) {
        this.firstYear = firstYear;
        this.lastYear = lastYear;
        this.firstDay = LocalDate.of(firstYear, 1, 1).toEpochDay();
        this.holidays = holidays;
    }

    public static WorkingDays sweden() {
        return Sweden.DAYS;
    }

    public boolean isWorkingDay(LocalDate date) {
        int year = date.getYear();
        if (year < firstYear || year > lastYear) {
            throw new IllegalArgumentException("No Swedish holidays known for " + year + ": " + FILE + " covers "
                    + firstYear + "-" + lastYear + " and must be regenerated (see SwedishHolidaysFileTest)");
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY
                && !holidays.get((int) (date.toEpochDay() - firstDay));
    }

    /** The date {@code count} working days after {@code start} (not counting {@code start} itself). */
    public LocalDate plusWorkingDays(LocalDate start, int count) {
        LocalDate date = start;
        for (int added = 0; added < count; ) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) added++;
        }
        return date;
    }

    /** Read on first use, once per container. */
    private static final class Sweden {
        static final WorkingDays DAYS = read();

        /**
         * One ISO date per line, ascending, {@code #} lines are comments. The years covered run
         * from the first date's to the last date's: New Year's Day opens every year.
         */
        private static WorkingDays read() {
            InputStream in = WorkingDays.class.getResourceAsStream(FILE);
            if (in == null) throw new IllegalStateException(FILE + " is missing beside " + WorkingDays.class.getName());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
                BitSet holidays = new BitSet(101 * 366);
                long firstDay = 0;
                LocalDate last = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty() || line.charAt(0) == '#') continue;
                    LocalDate date = LocalDate.of(Integer.parseInt(line, 0, 4, 10),
                            Integer.parseInt(line, 5, 7, 10), Integer.parseInt(line, 8, 10, 10));
                    if (last == null) firstDay = LocalDate.of(date.getYear(), 1, 1).toEpochDay();
                    holidays.set((int) (date.toEpochDay() - firstDay));
                    last = date;
                }
                if (last == null) throw new IllegalStateException(FILE + " lists no holidays");
                return new WorkingDays(LocalDate.ofEpochDay(firstDay).getYear(), last.getYear(), holidays);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
