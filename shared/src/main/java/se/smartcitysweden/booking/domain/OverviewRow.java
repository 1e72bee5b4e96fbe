package se.smartcitysweden.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.port.OverviewRows;

/**
 * What the overview counts and the exports list of one booking, and nothing personal: no name, address,
 * organisation or free text (a row outlives its booking, even one the table's TTL removes unanonymised). Kept per node and month by the table's stream ({@link se.smartcitysweden.booking.port.OverviewRows}), so the
 * overview page reads a few items instead of every booking; it outlives the booking's personal
 * data, as the anonymised booking does.
 *
 * @param firstAnswer from the request to a coordinator's first entry (see {@link #of})
 * @param confirmed   a visit was agreed at some point, even if it was cancelled later
 * @param impact      the latest answer of each survey round, without its note
 * @param version     the booking's version: an older record never replaces a newer row
 * @param reference   the booking's reference ("" in rows recorded before it was kept: rebuild them)
 * @param language    the visitor's language; empty in rows recorded before it was kept
 * @param visitFrom   the first day of the agreed visit (kept when the visit is cancelled later); empty when none was
 *                    agreed, and in rows recorded before visit days were kept
 * @param visitTo     the last day of the agreed visit
 * @param attended    how many came, as counted when the visit was marked done (0: nobody came); empty when not
 *                    counted, and in rows recorded before counts were kept
 */
public record OverviewRow(String bookingId, Node node, Instant submitted, String country, List<FocusArea> focusAreas,
                          MainGoal mainGoal, int participants, Optional<Duration> firstAnswer, BookingStatus status,
                          boolean confirmed, Optional<Outcome> outcome, Optional<Integer> rating, List<Impact> impact,
                          long version, String reference, Optional<Language> language,
                          Optional<LocalDate> visitFrom, Optional<LocalDate> visitTo, Optional<Integer> attended) {
    /** A recorded outcome: whether there is business interest, and how many companies the delegation met. */
    public record Outcome(boolean businessInterest, int companiesMet) { }

    public OverviewRow {
        focusAreas = List.copyOf(focusAreas);
        impact = impact.stream().map(a -> new Impact(a.months(), a.contacts(), a.deals(), a.collaborations(), a.policy(), ""))
                .toList();
        country = country == null ? "" : country;
        reference = reference == null ? "" : reference;
        attended = attended == null ? Optional.empty() : attended;
    }

    /** A row as the yearly report's version kept it, without the number who came. */
    public OverviewRow(String bookingId, Node node, Instant submitted, String country, List<FocusArea> focusAreas,
                       MainGoal mainGoal, int participants, Optional<Duration> firstAnswer, BookingStatus status,
                       boolean confirmed, Optional<Outcome> outcome, Optional<Integer> rating, List<Impact> impact,
                       long version, String reference, Optional<Language> language,
                       Optional<LocalDate> visitFrom, Optional<LocalDate> visitTo) {
        this(bookingId, node, submitted, country, focusAreas, mainGoal, participants, firstAnswer, status, confirmed,
                outcome, rating, impact, version, reference, language, visitFrom, visitTo, Optional.empty());
    }

    /** A row as the first version kept it, without reference, language or visit days. */
    public OverviewRow(String bookingId, Node node, Instant submitted, String country, List<FocusArea> focusAreas,
                       MainGoal mainGoal, int participants, Optional<Duration> firstAnswer, BookingStatus status,
                       boolean confirmed, Optional<Outcome> outcome, Optional<Integer> rating, List<Impact> impact,
                       long version) {
        this(bookingId, node, submitted, country, focusAreas, mainGoal, participants, firstAnswer, status, confirmed,
                outcome, rating, impact, version, "", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static OverviewRow of(BookingCase c) {
        Booking b = c.booking();
        Workflow w = c.workflow();
        return new OverviewRow(b.id(), b.node(), b.createdAt(), b.request().contact().country(), b.request().focusAreas(),
                b.request().mainGoal(), b.request().expectedParticipants(), firstAnswer(c), c.status(), confirmed(c),
                w.outcome().map(o -> new Outcome(o.businessInterest(), o.companiesMet().size())),
                w.feedback().map(Workflow.Feedback::rating), List.copyOf(Impact.answers(w).values()), c.version(),
                b.reference(), Optional.of(b.request().language()),
                w.visit().map(Workflow.Visit::from), w.visit().map(Workflow.Visit::to), FollowUpPlan.attended(w));
    }

    /** The visit took place: completed, and perhaps followed up, and somebody came (a no-show is not a visit held). */
    public boolean held() {
        return markedDone() && !noShow();
    }

    /** Marked done with nobody there. */
    public boolean noShow() {
        return markedDone() && attended.equals(Optional.of(0));
    }

    /** The people received: those who came where they were counted, else the participants expected. */
    public int received() {
        return attended.orElse(participants);
    }

    private boolean markedDone() {
        return status == BookingStatus.COMPLETED || status == BookingStatus.FOLLOWED_UP;
    }

    /** A visit is agreed and still to come (confirmed now: a later cancellation is not counted here). */
    public boolean upcoming() {
        return status == BookingStatus.CONFIRMED;
    }

    /** The Swedish day it was submitted on: the period and the month it counts in. */
    public LocalDate submittedOn() {
        return LocalDate.ofInstant(submitted, Booking.SWEDISH_TIME);
    }

    public YearMonth month() {
        return YearMonth.from(submittedOn());
    }

    /** From the request to the first thing a coordinator (of the node or the national office) did with it. */
    public static Optional<Duration> firstAnswer(BookingCase c) {
        return c.workflow().history().stream().filter(e -> e.by().isStaff()).findFirst()
                .map(e -> Duration.between(c.booking().createdAt(), e.at()));
    }

    /** A visit was agreed at some point, even if it was cancelled later. */
    public static boolean confirmed(BookingCase c) {
        return c.workflow().visit().isPresent() || c.status() == BookingStatus.CONFIRMED
                || c.status() == BookingStatus.COMPLETED || c.status() == BookingStatus.FOLLOWED_UP;
    }
}
