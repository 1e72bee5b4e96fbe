package se.smartcitysweden.booking.workflow;

import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Swedish working days: Monday to Friday except public holidays and the eves that are
 * de facto days off (Midsummer, Christmas and New Year's Eve), from the Jollyday library.
 */
public final class WorkingDays {
    private final HolidayManager holidays;

    public WorkingDays(HolidayManager holidays) {
        this.holidays = holidays;
    }

    public static WorkingDays sweden() {
        return new WorkingDays(HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.SWEDEN)));
    }

    public boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.isHoliday(date);
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
}
