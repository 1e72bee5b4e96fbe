package se.smartcitysweden.booking.localruntime;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler schedule expression and the times it gives:
 *
 * <ul>
 *   <li>{@code cron(minutes hours day-of-month month day-of-week year)}: six fields; {@code *},
 *       {@code ?}, ranges {@code a-b} (wrapping round for months and days of the week), lists
 *       {@code a,b}, steps {@code a/n}, {@code *}{@code /n} and {@code a-b/n}; month names
 *       {@code JAN}–{@code DEC}, day names {@code SUN}–{@code SAT} (1 = Sunday); {@code L},
 *       {@code LW} and {@code nW} in the day of month, {@code L}, {@code nL} and {@code n#k} in the
 *       day of week. Exactly one of day-of-month and day-of-week is {@code ?}.</li>
 *   <li>{@code rate(n minute|minutes|hour|hours|day|days)}: every n units of fixed length (a day is
 *       24 hours, also across a daylight saving change) from the schedule's start.</li>
 *   <li>{@code at(yyyy-mm-ddThh:mm:ss)}: once, at that wall-clock time.</li>
 * </ul>
 *
 * Cron and at expressions are wall-clock times in the schedule's time zone. As Scheduler does at
 * daylight saving changes, a time that does not exist (the hour skipped in spring) does not fire,
 * and a time that exists twice (the hour repeated in autumn) fires once, the first time.
 */
public sealed interface ScheduleExpression {

    /**
     * The first time strictly after {@code after} at which the schedule fires, if any.
     *
     * @param zone   the schedule's time zone (ScheduleExpressionTimezone; UTC when not given)
     * @param anchor when a rate schedule started (its StartDate, or when it was created)
     */
    Optional<Instant> next(Instant after, ZoneId zone, Instant anchor);

    /** The expression as written. */
    String text();

    static ScheduleExpression parse(String expression) {
        String text = expression == null ? "" : expression.strip();
        Matcher call = Pattern.compile("(cron|rate|at)\\((.*)\\)", Pattern.DOTALL).matcher(text);
        if (!call.matches()) {
            throw new IllegalArgumentException("not a schedule expression (cron(...), rate(...) or at(...)): " + expression);
        }
        String body = call.group(2).strip();
        return switch (call.group(1)) {
            case "cron" -> Cron.parse(text, body);
            case "rate" -> Rate.parse(text, body);
            default -> At.parse(text, body);
        };
    }

    /** {@code rate(value unit)}. */
    record Rate(String text, Duration every) implements ScheduleExpression {
        static Rate parse(String text, String body) {
            Matcher matcher = Pattern.compile("(\\d+)\\s+(minute|minutes|hour|hours|day|days)").matcher(body);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("rate expression must be rate(<positive number> "
                        + "minute|minutes|hour|hours|day|days): " + text);
            }
            long value;
            try {
                value = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rate value too large: " + text);
            }
            if (value < 1) throw new IllegalArgumentException("rate value must be positive: " + text);
            Duration unit = switch (matcher.group(2)) {
                case "minute", "minutes" -> Duration.ofMinutes(1);
                case "hour", "hours" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return new Rate(text, unit.multipliedBy(value));
        }

        @Override
        public Optional<Instant> next(Instant after, ZoneId zone, Instant anchor) {
            if (after.isBefore(anchor)) return Optional.of(anchor);
            long periods = Duration.between(anchor, after).toMillis() / every.toMillis() + 1;
            return Optional.of(anchor.plus(every.multipliedBy(periods)));
        }
    }

    /** {@code at(yyyy-mm-ddThh:mm:ss)}: once. */
    record At(String text, LocalDateTime time) implements ScheduleExpression {
        static At parse(String text, String body) {
            if (!body.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}")) {
                throw new IllegalArgumentException("at expression must be at(yyyy-mm-ddThh:mm:ss): " + text);
            }
            try {
                return new At(text, LocalDateTime.parse(body));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at expression has no such time: " + text);
            }
        }

        @Override
        public Optional<Instant> next(Instant after, ZoneId zone, Instant anchor) {
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(time);
            if (offsets.isEmpty()) return Optional.empty();
            Instant at = time.atOffset(offsets.get(0)).toInstant();
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    /** {@code cron(minutes hours day-of-month month day-of-week year)}. */
    final class Cron implements ScheduleExpression {
        private static final List<String> MONTHS =
                List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
        private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
        static final int FIRST_YEAR = 1970;
        static final int LAST_YEAR = 2199;

        private final String text;
        private final BitSet minutes;
        private final BitSet hours;
        private final BitSet months;
        private final BitSet years;
        /** Null when the field is {@code ?}. */
        private final DayOfMonth dayOfMonth;
        private final DayOfWeekRule dayOfWeek;

        private Cron(String text, BitSet minutes, BitSet hours, DayOfMonth dayOfMonth, BitSet months,
                     DayOfWeekRule dayOfWeek, BitSet years) {
            this.text = text;
            this.minutes = minutes;
            this.hours = hours;
            this.dayOfMonth = dayOfMonth;
            this.months = months;
            this.dayOfWeek = dayOfWeek;
            this.years = years;
        }

        static Cron parse(String text, String body) {
            String[] fields = body.split("\\s+");
            if (fields.length != 6) {
                throw new IllegalArgumentException("cron expression needs six fields (minutes hours day-of-month month "
                        + "day-of-week year), got " + fields.length + ": " + text);
            }
            try {
                BitSet minutes = field(fields[0], 0, 59, null, false, "minutes");
                BitSet hours = field(fields[1], 0, 23, null, false, "hours");
                BitSet months = field(fields[3], 1, 12, MONTHS, true, "month");
                BitSet years = field(fields[5], FIRST_YEAR, LAST_YEAR, null, false, "year");
                boolean noDayOfMonth = fields[2].equals("?");
                boolean noDayOfWeek = fields[4].equals("?");
                if (noDayOfMonth == noDayOfWeek) {
                    throw new IllegalArgumentException("exactly one of day-of-month and day-of-week must be ?");
                }
                DayOfMonth dayOfMonth = noDayOfMonth ? null : DayOfMonth.parse(fields[2]);
                DayOfWeekRule dayOfWeek = noDayOfWeek ? null : DayOfWeekRule.parse(fields[4]);
                return new Cron(text, minutes, hours, dayOfMonth, months, dayOfWeek, years);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cron expression " + text + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String text() { return text; }

        @Override
        public String toString() { return text; }

        @Override
        public Optional<Instant> next(Instant after, ZoneId zone, Instant anchor) {
            LocalDateTime start = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES);
            LocalDate date = start.toLocalDate();
            while (date.getYear() <= LAST_YEAR) {
                if (!years.get(date.getYear())) {
                    int year = years.nextSetBit(date.getYear());
                    if (year < 0) return Optional.empty();
                    date = LocalDate.of(year, 1, 1);
                    continue;
                }
                if (!months.get(date.getMonthValue())) {
                    date = date.plusMonths(1).withDayOfMonth(1);
                    continue;
                }
                if (dayMatches(date)) {
                    for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                        for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                            LocalDateTime candidate = date.atTime(hour, minute);
                            if (candidate.isBefore(start)) continue;
                            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(candidate);
                            if (offsets.isEmpty()) continue; // skipped by the clock going forward
                            Instant at = candidate.atOffset(offsets.get(0)).toInstant(); // repeated: the first time only
                            if (at.isAfter(after)) return Optional.of(at);
                        }
                    }
                }
                date = date.plusDays(1);
            }
            return Optional.empty();
        }

        boolean dayMatches(LocalDate date) {
            return dayOfMonth != null ? dayOfMonth.matches(date) : dayOfWeek.matches(date);
        }

        /** A plain field: values, ranges, lists, steps, names. */
        static BitSet field(String text, int min, int max, List<String> names, boolean wrap, String name) {
            BitSet values = new BitSet(max + 1);
            for (String part : text.split(",", -1)) {
                if (part.isEmpty()) throw new IllegalArgumentException("empty list item in " + name);
                String range = part;
                int step = 1;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    range = part.substring(0, slash);
                    step = number(part.substring(slash + 1), 1, max - min + 1, name + " step");
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", -1);
                    if (ends.length != 2) throw new IllegalArgumentException("bad range " + range + " in " + name);
                    from = value(ends[0], min, max, names, name);
                    to = value(ends[1], min, max, names, name);
                    if (from > to && !wrap) throw new IllegalArgumentException("range " + range + " runs backwards in " + name);
                } else {
                    from = value(range, min, max, names, name);
                    to = slash >= 0 ? max : from; // "a/n": from a to the end in steps of n
                }
                if (from <= to) {
                    for (int v = from; v <= to; v += step) values.set(v);
                } else { // wrapping round: NOV-FEB, FRI-MON
                    int span = (max - from + 1) + (to - min + 1);
                    for (int i = 0; i < span; i += step) values.set(from + i <= max ? from + i : min + (from + i - max - 1));
                }
            }
            return values;
        }

        private static int value(String text, int min, int max, List<String> names, String name) {
            if (names != null) {
                int index = names.indexOf(text.toUpperCase(Locale.ROOT));
                if (index >= 0) return index + min;
            }
            return number(text, min, max, name);
        }

        private static int number(String text, int min, int max, String name) {
            if (!text.matches("\\d{1,4}")) throw new IllegalArgumentException("'" + text + "' is not a value of " + name);
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " value " + value + " outside " + min + "-" + max);
            }
            return value;
        }

        /** The day-of-month field: a plain field, or L, LW, nW. */
        private record DayOfMonth(BitSet days, boolean last, boolean lastWeekday, int nearestWeekdayTo) {
            static DayOfMonth parse(String text) {
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.equals("L")) return new DayOfMonth(null, true, false, 0);
                if (upper.equals("LW")) return new DayOfMonth(null, false, true, 0);
                if (upper.endsWith("W")) {
                    return new DayOfMonth(null, false, false, number(upper.substring(0, upper.length() - 1), 1, 31,
                            "day-of-month"));
                }
                return new DayOfMonth(field(upper, 1, 31, null, false, "day-of-month"), false, false, 0);
            }

            boolean matches(LocalDate date) {
                int length = date.lengthOfMonth();
                if (last) return date.getDayOfMonth() == length;
                if (lastWeekday) return date.equals(weekdayNear(date.withDayOfMonth(length)));
                if (nearestWeekdayTo > 0) {
                    if (nearestWeekdayTo > length) return false;
                    return date.equals(weekdayNear(date.withDayOfMonth(nearestWeekdayTo)));
                }
                return days.get(date.getDayOfMonth());
            }

            /** The weekday nearest to the day, without leaving its month. */
            private static LocalDate weekdayNear(LocalDate day) {
                DayOfWeek weekDay = day.getDayOfWeek();
                if (weekDay == DayOfWeek.SATURDAY) {
                    return day.getDayOfMonth() == 1 ? day.plusDays(2) : day.minusDays(1);
                }
                if (weekDay == DayOfWeek.SUNDAY) {
                    return day.getDayOfMonth() == day.lengthOfMonth() ? day.minusDays(2) : day.plusDays(1);
                }
                return day;
            }
        }

        /** The day-of-week field (1 = Sunday): a plain field, or L, nL (last n-day), n#k (k-th n-day). */
        private record DayOfWeekRule(BitSet days, int lastOf, int nth, int nthDay) {
            static DayOfWeekRule parse(String text) {
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.equals("L")) return new DayOfWeekRule(field("7", 1, 7, DAYS, true, "day-of-week"), 0, 0, 0);
                if (upper.endsWith("L")) {
                    return new DayOfWeekRule(null, value(upper.substring(0, upper.length() - 1), 1, 7, DAYS, "day-of-week"),
                            0, 0);
                }
                if (upper.contains("#")) {
                    String[] parts = upper.split("#", -1);
                    if (parts.length != 2) throw new IllegalArgumentException("bad day-of-week " + text);
                    return new DayOfWeekRule(null, 0, number(parts[1], 1, 5, "day-of-week instance"),
                            value(parts[0], 1, 7, DAYS, "day-of-week"));
                }
                return new DayOfWeekRule(field(upper, 1, 7, DAYS, true, "day-of-week"), 0, 0, 0);
            }

            boolean matches(LocalDate date) {
                int day = date.getDayOfWeek().getValue() % 7 + 1; // java: MON=1..SUN=7; cron: SUN=1..SAT=7
                if (lastOf > 0) {
                    return day == lastOf && date.plusWeeks(1).getMonth() != date.getMonth();
                }
                if (nth > 0) {
                    return day == nthDay && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
                }
                return days.get(day);
            }
        }
    }
}
