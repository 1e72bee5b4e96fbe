package se.smartcitysweden.booking.console;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.WorkingDays;

/**
 * A node's bookings as the console lists them: filtered by status and searched as a help desk searches (see
 * {@link #matches}); open ones first (the one whose next step is due soonest on top), then
 * the closed ones, newest first. Each row says what is to be done next and by when.
 */
public final class BookingList {
    /** Open: somebody still has to do something (answer, agree dates, host, record the outcome). */
    public static final Set<BookingStatus> OPEN = Set.of(BookingStatus.SUBMITTED, BookingStatus.ACKNOWLEDGED,
            BookingStatus.CONFIRMED, BookingStatus.COMPLETED);

    /** What to do next and by when: answer, confirm (agree the dates), visit, complete, outcome; none when closed. */
    public record NextStep(String key, Optional<LocalDate> due) {
        public boolean late(LocalDate today) {
            return due.isPresent() && due.get().isBefore(today) && !key.equals("visit");
        }
    }

    /** Where a search word was found: the field (as {@link #FIELDS} names it) and its value there. */
    public record Match(String field, String value) { }

    /** The fields a search looks in, in the order a match is shown. */
    public static final List<String> FIELDS = List.of("reference", "contactName", "contactEmail", "organisation", "organiser",
            "participantName", "participantEmail", "participantOrganisation", "country");

    /** A listed booking; {@code matched}: where the search's words were found (empty without a search). */
    public record Row(BookingCase bookingCase, long ageDays, NextStep next, boolean open, List<Match> matched) {
        public Row(BookingCase bookingCase, long ageDays, NextStep next, boolean open) {
            this(bookingCase, ageDays, next, open, List.of());
        }
    }

    private final WorkingDays workingDays;

    public BookingList(WorkingDays workingDays) {
        this.workingDays = workingDays;
    }

    /**
     * @param status "open", "all" (or empty) or a status id
     * @param search words, each of which must be found in some field (see {@link #matches})
     * @param countryName a country's name in the reader's language, searched beside its Swedish and English names
     */
    public List<Row> rows(List<BookingCase> cases, String status, String search, LocalDate today,
                          Function<String, String> countryName) {
        List<String> words = words(search);
        List<Row> rows = new ArrayList<>();
        for (BookingCase c : cases) {
            if (!matchesStatus(c, status)) continue;
            List<Match> matched = words.isEmpty() ? List.of() : matches(c, words, countryName);
            if (matched == null) continue;
            rows.add(new Row(c, ChronoUnit.DAYS.between(LocalDate.ofInstant(c.booking().createdAt(), FollowUpPlan.SWEDEN), today),
                    next(c, today), OPEN.contains(c.status()), matched));
        }
        rows.sort(ORDER);
        return rows;
    }

    /** The search's words, each folded (see {@link #fold}); none for an empty search. */
    static List<String> words(String search) {
        if (search == null) return List.of();
        return Arrays.stream(fold(search).split("[\\s,;]+")).filter(w -> !w.isEmpty()).distinct().toList();
    }

    /** Lower case without accents or other marks: "Danmark", "DANMARK" and "danmärk" search alike. */
    static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Locale SWEDISH = Locale.forLanguageTag("sv"), ENGLISH = Locale.ENGLISH;

    private static final Comparator<Row> ORDER = Comparator.comparing((Row r) -> !r.open())
            .thenComparing((a, b) -> a.open()
                    ? Comparator.<Row, LocalDate>comparing(r -> r.next().due().orElse(LocalDate.MAX)).compare(a, b)
                    : b.bookingCase().booking().createdAt().compareTo(a.bookingCase().booking().createdAt()))
            .thenComparing(r -> r.bookingCase().booking().createdAt());

    private static boolean matchesStatus(BookingCase c, String status) {
        if (status == null || status.isEmpty() || status.equals("all")) return true;
        if (status.equals("open")) return OPEN.contains(c.status());
        return c.status().id().equals(status);
    }

    /**
     * As a help desk searches: every word must be found in some field, each in any of them: the reference, the
     * contact's name or e-mail, the organisation, the organiser (name, e-mail, organisation), a participant's name,
     * e-mail or organisation, or the country (its code, or its name in Swedish or English: "denmark" finds Danmark).
     * Case and accents do not count. Returns where the words were found (each field once), or null when a word was
     * found nowhere.
     */
    static List<Match> matches(BookingCase c, List<String> words, Function<String, String> countryName) {
        List<Match> fields = fields(c, countryName);
        Set<Match> found = new LinkedHashSet<>();
        for (String word : words) {
            boolean any = false;
            for (Match field : fields) {
                // A country's code matches whole ("se" is Sweden, not every name with "se" in it).
                boolean code = field.field().equals("country") && field.value().length() == 2 && field.value().equals(field.value().toUpperCase(Locale.ROOT));
                if (code ? fold(field.value()).equals(word) : fold(field.value()).contains(word)) {
                    found.add(field);
                    any = true;
                }
            }
            if (!any) return null;
        }
        // The shown match: each field once, in the order of FIELDS.
        List<Match> shown = new ArrayList<>();
        for (String name : FIELDS) found.stream().filter(m -> m.field().equals(name)).findFirst().ifPresent(shown::add);
        return shown;
    }

    private static List<Match> fields(BookingCase c, Function<String, String> countryName) {
        BookingRequest r = c.booking().request();
        List<Match> fields = new ArrayList<>();
        add(fields, "reference", c.booking().reference());
        add(fields, "contactName", r.contact().name());
        add(fields, "contactEmail", r.contact().email());
        add(fields, "organisation", r.contact().organisation());
        r.organiser().ifPresent(o -> {
            add(fields, "organiser", o.name());
            add(fields, "organiser", o.email());
            add(fields, "organiser", o.organisation());
        });
        for (BookingRequest.Participant p : r.participants()) {
            add(fields, "participantName", p.name());
            add(fields, "participantEmail", p.email());
            add(fields, "participantOrganisation", p.organisation());
        }
        String code = r.contact().country() == null ? "" : r.contact().country();
        if (!code.isEmpty()) {
            String shown = countryName.apply(code);
            // Its names in both languages and its code, each a value of its own; the one shown is the reader's.
            for (String name : new LinkedHashSet<>(List.of(shown, new Locale("", code).getDisplayCountry(SWEDISH),
                    new Locale("", code).getDisplayCountry(ENGLISH)))) {
                add(fields, "country", name);
            }
            if (code.length() == 2) fields.add(new Match("country", code));
        }
        return fields;
    }

    private static void add(List<Match> fields, String field, String value) {
        if (value != null && !value.isBlank()) fields.add(new Match(field, value));
    }

    /** The next step of the coordinator (or the visit itself) and the day it is due. */
    public NextStep next(BookingCase c, LocalDate today) {
        BookingRequest r = c.booking().request();
        LocalDate arrived = LocalDate.ofInstant(c.booking().createdAt(), FollowUpPlan.SWEDEN);
        return switch (c.status()) {
            // Answered within two working days, before the first reminder goes.
            case SUBMITTED -> new NextStep("answer",
                    Optional.of(workingDays.plusWorkingDays(arrived, FollowUpPlan.WORKING_DAYS_BETWEEN_REMINDERS)));
            case ACKNOWLEDGED -> new NextStep("confirm", r.preferredDates().stream().map(BookingRequest.DateRange::from)
                    .min(Comparator.naturalOrder()));
            case CONFIRMED -> c.workflow().visit()
                    .map(v -> today.isAfter(v.to()) ? new NextStep("complete", Optional.of(v.to().plusDays(1)))
                            : new NextStep("visit", Optional.of(v.from())))
                    .orElse(new NextStep("confirm", Optional.empty()));
            case COMPLETED -> new NextStep("outcome", c.workflow().visit()
                    .map(v -> v.to().plusDays(1 + FollowUpPlan.OUTCOME_MISSING_AFTER_DAYS)));
            default -> new NextStep("none", Optional.empty());
        };
    }
}
