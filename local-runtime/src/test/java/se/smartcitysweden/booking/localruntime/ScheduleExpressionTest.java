package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EventBridge Scheduler's expressions: the next fire times, in a time zone, across daylight saving changes. */
class ScheduleExpressionTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final Instant ANCHOR = Instant.parse("2027-01-01T00:00:00Z");

    private static Instant next(String expression, ZoneId zone, String after) {
        return ScheduleExpression.parse(expression).next(Instant.parse(after), zone, ANCHOR).orElseThrow();
    }

    private static List<String> times(String expression, ZoneId zone, String after, int count) {
        ScheduleExpression parsed = ScheduleExpression.parse(expression);
        List<String> times = new ArrayList<>();
        Instant at = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = parsed.next(at, zone, ANCHOR);
            if (next.isEmpty()) break;
            at = next.get();
            times.add(at.toString());
        }
        return times;
    }

    @Test
    void workingMorningsInStockholmFollowTheClockIntoSummerTime() {
        // Summer time begins on Sunday 28 March 2027: 07:00 is 06:00Z before, 05:00Z after.
        assertEquals(List.of("2027-03-24T06:00:00Z", "2027-03-25T06:00:00Z", "2027-03-26T06:00:00Z",
                        "2027-03-29T05:00:00Z", "2027-03-30T05:00:00Z"),
                times("cron(0 7 ? * MON-FRI *)", STOCKHOLM, "2027-03-24T00:00:00Z", 5));
    }

    @Test
    void workingMorningsInStockholmFollowTheClockBackToWinterTime() {
        // Summer time ends on Sunday 31 October 2027.
        assertEquals(List.of("2027-10-28T05:00:00Z", "2027-10-29T05:00:00Z", "2027-11-01T06:00:00Z"),
                times("cron(0 7 ? * MON-FRI *)", STOCKHOLM, "2027-10-28T00:00:00Z", 3));
    }

    @Test
    void theNextTimeIsStrictlyAfter() {
        assertEquals(Instant.parse("2027-03-01T06:00:00Z"),
                next("cron(0 7 ? * MON-FRI *)", STOCKHOLM, "2027-02-26T06:00:00Z"), "Friday 07:00 to Monday 07:00");
        assertEquals(Instant.parse("2027-03-02T06:00:00Z"),
                next("cron(0 7 ? * MON-FRI *)", STOCKHOLM, "2027-03-01T06:00:00Z"));
        assertEquals(Instant.parse("2027-03-01T06:00:00Z"),
                next("cron(0 7 ? * MON-FRI *)", STOCKHOLM, "2027-03-01T05:59:59.999Z"));
        assertEquals(Instant.parse("2027-03-01T06:00:00Z"),
                next("cron(0 7 ? * 2-6 *)", STOCKHOLM, "2027-02-27T12:00:00Z"), "day numbers: 1 is Sunday");
    }

    @Test
    void aTimeTheClockSkipsInSpringDoesNotFire() {
        // 02:30 does not exist on 28 March 2027 in Stockholm (02:00 becomes 03:00).
        assertEquals(List.of("2027-03-27T01:30:00Z", "2027-03-29T00:30:00Z"),
                times("cron(30 2 * * ? *)", STOCKHOLM, "2027-03-27T00:00:00Z", 2));
        assertEquals(List.of("2027-03-28T00:00:00Z", "2027-03-28T01:00:00Z", "2027-03-28T02:00:00Z"),
                times("cron(0 * * * ? *)", STOCKHOLM, "2027-03-27T23:30:00Z", 3), "01:00 CET, then 03:00 CEST");
    }

    @Test
    void aTimeTheClockRepeatsInAutumnFiresOnce() {
        // 02:00-02:59 happens twice on 31 October 2027 (03:00 CEST becomes 02:00 CET): the first time only.
        assertEquals(List.of("2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"),
                times("cron(30 2 * * ? *)", STOCKHOLM, "2027-10-30T12:00:00Z", 2));
        assertEquals(List.of("2027-10-30T23:00:00Z", "2027-10-31T00:00:00Z", "2027-10-31T02:00:00Z",
                        "2027-10-31T03:00:00Z"),
                times("cron(0 * * * ? *)", STOCKHOLM, "2027-10-30T22:30:00Z", 4), "01:00, 02:00 CEST, 03:00, 04:00 CET");
        assertEquals(Instant.parse("2027-10-31T02:00:00Z"),
                next("cron(0/15 * * * ? *)", STOCKHOLM, "2027-10-31T01:20:00Z"),
                "after the first 02:59 CEST, the repeated 02:xx CET are not fired again");
    }

    @Test
    void stepsRangesAndLists() {
        assertEquals(List.of("2027-01-01T08:15:00Z", "2027-01-01T08:30:00Z"),
                times("cron(0/15 8-10 * * ? *)", ZoneOffset.UTC, "2027-01-01T08:10:00Z", 2));
        assertEquals(Instant.parse("2027-01-02T08:00:00Z"), next("cron(0/15 8-10 * * ? *)", ZoneOffset.UTC,
                "2027-01-01T10:50:00Z"));
        assertEquals(List.of("2027-01-01T08:05:00Z", "2027-01-01T08:25:00Z", "2027-01-01T08:45:00Z"),
                times("cron(5-59/20 8 * * ? *)", ZoneOffset.UTC, "2027-01-01T00:00:00Z", 3));
        assertEquals(List.of("2027-01-01T09:00:00Z", "2027-01-01T17:00:00Z", "2027-01-15T09:00:00Z"),
                times("cron(0 9,17 1,15 * ? *)", ZoneOffset.UTC, "2026-12-31T00:00:00Z", 3));
        assertEquals(List.of("2028-01-01T09:00:00Z", "2028-01-15T09:00:00Z", "2028-07-01T09:00:00Z",
                        "2028-07-15T09:00:00Z"),
                times("cron(0 9 1,15 jan,JUL ? 2028)", ZoneOffset.UTC, "2027-06-01T00:00:00Z", 10),
                "month names in any case; nothing after the year");
        assertEquals(List.of("2027-01-01T12:00:00Z", "2027-01-02T12:00:00Z", "2027-01-03T12:00:00Z",
                        "2027-01-04T12:00:00Z", "2027-01-08T12:00:00Z"),
                times("cron(0 12 ? * FRI-MON *)", ZoneOffset.UTC, "2027-01-01T00:00:00Z", 5),
                "a range of days that wraps round the week (1 Jan 2027 is a Friday)");
        assertEquals(Instant.parse("2027-11-01T00:00:00Z"),
                next("cron(0 0 1 NOV-FEB ? *)", ZoneOffset.UTC, "2027-03-01T00:00:00Z"), "months wrapping round the year");
    }

    @Test
    void lastWeekdayAndNthDays() {
        assertEquals(Instant.parse("2028-02-29T12:00:00Z"), next("cron(0 12 L * ? *)", ZoneOffset.UTC,
                "2028-02-01T00:00:00Z"), "L: the last day of the month, also in a leap year");
        assertEquals(Instant.parse("2027-03-26T10:15:00Z"), next("cron(15 10 ? * 6L *)", ZoneOffset.UTC,
                "2027-03-01T00:00:00Z"), "6L: the last Friday");
        assertEquals(Instant.parse("2027-03-09T10:00:00Z"), next("cron(0 10 ? * 3#2 *)", ZoneOffset.UTC,
                "2027-03-01T00:00:00Z"), "3#2: the second Tuesday");
        assertEquals(Instant.parse("2027-05-03T08:00:00Z"), next("cron(0 8 1W * ? *)", ZoneOffset.UTC,
                "2027-04-30T00:00:00Z"), "1W on a Saturday the 1st: the Monday after (not the month before)");
        assertEquals(Instant.parse("2027-07-30T08:00:00Z"), next("cron(0 8 LW * ? *)", ZoneOffset.UTC,
                "2027-07-01T00:00:00Z"), "LW: the last weekday (31 July 2027 is a Saturday)");
    }

    @Test
    void ratesAreFixedDurationsFromTheStart() {
        ScheduleExpression every5 = ScheduleExpression.parse("rate(5 minutes)");
        Instant start = Instant.parse("2027-03-01T00:00:00Z");
        assertEquals(Instant.parse("2027-03-01T00:10:00Z"),
                every5.next(Instant.parse("2027-03-01T00:07:00Z"), ZoneOffset.UTC, start).orElseThrow());
        assertEquals(Instant.parse("2027-03-01T00:10:00Z"),
                every5.next(Instant.parse("2027-03-01T00:05:00Z"), ZoneOffset.UTC, start).orElseThrow());
        assertEquals(start, every5.next(start.minusSeconds(1), ZoneOffset.UTC, start).orElseThrow(),
                "fires at once when it starts");
        ScheduleExpression daily = ScheduleExpression.parse("rate(1 day)");
        Instant morning = Instant.parse("2027-03-27T06:00:00Z");
        assertEquals(Instant.parse("2027-03-28T06:00:00Z"), daily.next(morning, STOCKHOLM, morning).orElseThrow(),
                "a day is 24 hours, also when the clock moves");
        assertEquals(Instant.parse("2027-03-01T02:00:00Z"), ScheduleExpression.parse("rate(1 hour)")
                .next(Instant.parse("2027-03-01T01:00:00Z"), ZoneOffset.UTC, start).orElseThrow());
    }

    @Test
    void atFiresOnceAtAWallClockTime() {
        ScheduleExpression at = ScheduleExpression.parse("at(2027-03-01T07:00:00)");
        assertEquals(Optional.of(Instant.parse("2027-03-01T06:00:00Z")),
                at.next(Instant.parse("2027-01-01T00:00:00Z"), STOCKHOLM, ANCHOR));
        assertTrue(at.next(Instant.parse("2027-03-01T06:00:00Z"), STOCKHOLM, ANCHOR).isEmpty());
        assertTrue(ScheduleExpression.parse("at(2027-03-28T02:30:00)")
                .next(Instant.parse("2027-01-01T00:00:00Z"), STOCKHOLM, ANCHOR).isEmpty(), "a time that does not exist");
    }

    @Test
    void invalidExpressionsAreRefused() {
        for (String bad : List.of("cron(0 7 * * MON-FRI *)", "cron(0 7 ? * ? *)", "cron(0 7 * * ?)",
                "cron(60 7 ? * MON *)", "cron(0 24 ? * MON *)", "cron(0 7 ? * FOO *)", "cron(0 7 32 * ? *)",
                "cron(0 7 ? * 8 *)", "cron(0 7 1 * ? 1969)", "cron(0 7 ? * 3#6 *)", "cron(0 17-9 * * ? *)",
                "cron(0 7 1,,2 * ? *)", "cron(0 7 1 * ? * *)", "rate(0 minutes)", "rate(5 weeks)", "rate(five minutes)",
                "at(2027-02-30T07:00:00)", "at(2027-03-01 07:00)", "every day", "")) {
            assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse(bad), bad);
        }
    }
}
