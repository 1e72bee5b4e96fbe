package se.smartcitysweden.booking.console;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.WorkingDays;

/**
 * A node's bookings as the console lists them: filtered by status and searched by reference,
 * organisation or country; open ones first (the one whose next step is due soonest on top), then
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

    public record Row(BookingCase bookingCase, long ageDays, NextStep next, boolean open) { }

    private final WorkingDays workingDays;

    public BookingList(WorkingDays workingDays) {
        this.workingDays = workingDays;
    }

    /**
     * @param status "open", "all" (or empty) or a status id
     * @param search matched, case-insensitively, in the reference, the organisation and the country (code or name)
     */
    public List<Row> rows(List<BookingCase> cases, String status, String search, LocalDate today,
                          Function<String, String> countryName) {
        String q = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        return cases.stream()
                .filter(c -> matchesStatus(c, status))
                .filter(c -> q.isEmpty() || matches(c, q, countryName))
                .map(c -> new Row(c, ChronoUnit.DAYS.between(LocalDate.ofInstant(c.booking().createdAt(), FollowUpPlan.SWEDEN), today),
                        next(c, today), OPEN.contains(c.status())))
                .sorted(ORDER)
                .toList();
    }

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

    private static boolean matches(BookingCase c, String q, Function<String, String> countryName) {
        BookingRequest r = c.booking().request();
        String country = r.contact().country() == null ? "" : r.contact().country();
        return c.booking().reference().toLowerCase(Locale.ROOT).contains(q)
                || contains(r.contact().organisation(), q)
                || r.organiser().map(o -> contains(o.organisation(), q)).orElse(false)
                || (!country.isEmpty() && (country.equalsIgnoreCase(q) || contains(countryName.apply(country), q)));
    }

    private static boolean contains(String text, String q) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(q);
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
