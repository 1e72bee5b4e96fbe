package se.smartcitysweden.booking.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the visitor needs to arrive and find their host: the hours of each visit day (Swedish time), where they
 * are met (an address, and an https map link), the host (name, phone, e-mail), the programme (text, or an https
 * link to it) and practical notes (badges, lunch, photo consent). Set by the coordinator when confirming (started
 * from the node's {@link VisitDefaults}) and changed afterwards; empty texts and no hours mean "not known yet".
 */
public record VisitPlan(List<DayHours> hours, String meetingPlace, String mapUrl, String hostName, String hostPhone,
                        String hostEmail, String programme, String notes) {

    public static final VisitPlan EMPTY = new VisitPlan(List.of(), "", "", "", "", "", "", "");

    /** One visit day's hours, Swedish time; the end is after the start. */
    public record DayHours(LocalDate day, LocalTime start, LocalTime end) {
        public DayHours {
            if (!end.isAfter(start)) throw new IllegalArgumentException("end must be after start");
        }
    }

    public VisitPlan {
        List<DayHours> sorted = new ArrayList<>(hours == null ? List.of() : hours);
        sorted.sort(Comparator.comparing(DayHours::day));
        hours = List.copyOf(sorted);
        meetingPlace = text(meetingPlace);
        mapUrl = text(mapUrl);
        hostName = text(hostName);
        hostPhone = text(hostPhone);
        hostEmail = text(hostEmail);
        programme = text(programme);
        notes = text(notes);
    }

    /** The node's usual visit as the plan of the days {@code from}–{@code to}: what a coordinator confirms in one click. */
    public static VisitPlan from(VisitDefaults defaults, LocalDate from, LocalDate to) {
        List<DayHours> hours = defaults.dayStart().isPresent() && defaults.dayEnd().isPresent()
                ? everyDay(from, to, defaults.dayStart().get(), defaults.dayEnd().get()) : List.of();
        return new VisitPlan(hours, defaults.meetingPlace(), defaults.mapUrl(), defaults.hostName(), defaults.hostPhone(),
                defaults.hostEmail(), "", "");
    }

    /** The same start and end on every day from {@code from} to {@code to}, both included. */
    public static List<DayHours> everyDay(LocalDate from, LocalDate to, LocalTime start, LocalTime end) {
        List<DayHours> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) days.add(new DayHours(day, start, end));
        return days;
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /** The hours of {@code day}, if given. */
    public Optional<DayHours> on(LocalDate day) {
        return hours.stream().filter(h -> h.day().equals(day)).findFirst();
    }

    /**
     * The plan for the visit moved to the days {@code from}–{@code to}: days kept keep their hours, and a new day
     * gets the hours of the first day given (a moved one-day visit keeps its times); no hours stay none.
     */
    public VisitPlan forDays(LocalDate from, LocalDate to) {
        if (hours.isEmpty()) return this;
        DayHours first = hours.get(0);
        List<DayHours> moved = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            LocalDate d = day;
            moved.add(on(day).orElseGet(() -> new DayHours(d, first.start(), first.end())));
        }
        return withHours(moved);
    }

    public VisitPlan withHours(List<DayHours> newHours) {
        return new VisitPlan(newHours, meetingPlace, mapUrl, hostName, hostPhone, hostEmail, programme, notes);
    }

    /** True when the programme is a link (an https address) rather than text. */
    public boolean programmeIsLink() {
        return isHttps(programme);
    }

    /** An https address without spaces: the only links the plan shows (no javascript:, no plain http). */
    public static boolean isHttps(String value) {
        return value != null && value.matches("https://[^\\s<>\"]{3,1990}");
    }

    /** The plan without anything that names or reaches a person (anonymisation): hours and place stay. */
    public VisitPlan withoutPersonalData() {
        return new VisitPlan(hours, meetingPlace, mapUrl, "", "", "", "", "");
    }

    /**
     * One part of the plan ({@link HistoryEvent.PlanChanged#PARTS}) as language-neutral text, to compare two plans and
     * to keep what a change replaced: the hours as "2027-03-10 09:00-16:00" lines, the host as name, phone and e-mail lines.
     */
    public String part(String name) {
        return switch (name) {
            case "hours" -> String.join("\n", hours.stream().map(h -> h.day() + " " + h.start() + "-" + h.end()).toList());
            case "meetingPlace" -> meetingPlace;
            case "mapUrl" -> mapUrl;
            case "host" -> String.join("\n", java.util.stream.Stream.of(hostName, hostPhone, hostEmail).filter(t -> !t.isEmpty()).toList());
            case "programme" -> programme;
            case "notes" -> notes;
            default -> throw new IllegalArgumentException("no plan part " + name);
        };
    }

    /** The hours of {@link #part}("hours") read back (lines that do not read are left out). */
    public static List<DayHours> hoursOf(String part) {
        List<DayHours> hours = new ArrayList<>();
        for (String line : part.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2})-(\\d{2}:\\d{2})").matcher(line);
            if (!m.matches()) continue;
            try {
                hours.add(new DayHours(LocalDate.parse(m.group(1)), LocalTime.parse(m.group(2)), LocalTime.parse(m.group(3))));
            } catch (RuntimeException unreadable) {
                // left out
            }
        }
        return hours;
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
