package se.smartcitysweden.booking.overview;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;

/**
 * The numbers behind the overview, counted once over the period's bookings, each as its
 * {@link OverviewRow}. Every count is of bookings except {@link #focusMentions}, which counts each
 * focus area a booking names. Anonymised bookings keep what is counted here (node, country, goal,
 * areas, size, history, outcome flags, rating), so they count like the others. A booking is in the
 * period by the first day of its agreed visit ({@link ReportBasis#VISIT}: bookings without one are
 * not visits) or by the day its request arrived ({@link ReportBasis#REQUEST}).
 */
final class OverviewFigures {
    /** Delegation sizes, by their smallest number of participants. */
    static final int[] SIZE_BUCKETS = {1, 6, 11, 21, 51};
    /** What became of a request, each counted once by its state now: the funnel's steps, in order. */
    static final String[] FATES = {"unanswered", "acknowledged", "confirmed", "held", "noShow", "declined", "cancelled"};

    record AnswerTimes(int answered, double medianHours, double p90Hours, int unanswered) { }

    /**
     * A node's year (or the nodes' together): requests counted, visits held (completed, whether followed up or
     * not, and somebody came), people received (of the visits held, those who came; the participants expected where
     * that was not counted), the countries they came from, the nodes that held a visit, the average rating and the
     * median time to a first answer; empty where there is nothing to count. No-shows: marked done, nobody came.
     */
    record Headline(int requests, int upcoming, int held, int people, int countries, int nodes, OptionalDouble rating,
                    int rated, OptionalDouble medianAnswerHours, int noShows) { }

    final LocalDate from;
    final LocalDate to;
    final ReportBasis basis;
    final List<Node> nodes;
    /** The rows counted: the period's bookings at the nodes, in the order they arrived. */
    final List<OverviewRow> rows;
    final Map<YearMonth, Map<Node, Integer>> perMonth = new TreeMap<>();
    final Map<String, Integer> countries = new LinkedHashMap<>();
    final Map<FocusArea, Integer> focusMentions = new EnumMap<>(FocusArea.class);
    final Map<MainGoal, Integer> goals = new EnumMap<>(MainGoal.class);
    final int[] sizes = new int[SIZE_BUCKETS.length];
    final Map<Node, AnswerTimes> answers = new EnumMap<>(Node.class);
    /** How many requests are in each of {@link #FATES} now. */
    final int[] fates = new int[FATES.length];
    /** Of the cancelled ones, those that had an agreed visit. */
    int cancelledAfterConfirmation;
    /** Per node, in {@link #nodes}' order, then all of them together. */
    final Map<Node, Headline> headlines = new EnumMap<>(Node.class);
    Headline national;
    int outcomes;
    int businessInterest;
    int withCompanies;
    int companiesMet;
    /** Ratings 1 to 5 at index 0 to 4. */
    final int[] ratings = new int[5];
    /** Impact survey at 6 (index 0) and 12 months: answers, and yes per question (contacts, deals, collaborations, policy). */
    final int[] impactAnswered = new int[2];
    final int[][] impactYes = new int[2][4];

    OverviewFigures(List<OverviewRow> all, LocalDate from, LocalDate to, Set<Node> nodes) {
        this(all, from, to, nodes, ReportBasis.REQUEST);
    }

    OverviewFigures(List<OverviewRow> all, LocalDate from, LocalDate to, Set<Node> nodes, ReportBasis basis) {
        if (to.isBefore(from)) throw new IllegalArgumentException("the period ends before it starts");
        this.from = from;
        this.to = to;
        this.basis = basis;
        this.nodes = List.copyOf(nodes.isEmpty() ? Set.of(Node.values()) : nodes).stream().sorted().toList();
        this.rows = all.stream().filter(this::counts)
                .sorted(Comparator.comparing(OverviewRow::submitted).thenComparing(OverviewRow::bookingId)).toList();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            Map<Node, Integer> row = new EnumMap<>(Node.class);
            this.nodes.forEach(n -> row.put(n, 0));
            perMonth.put(m, row);
        }
        Map<Node, List<Double>> hours = new EnumMap<>(Node.class);
        Map<Node, Integer> unanswered = new EnumMap<>(Node.class);
        this.nodes.forEach(n -> { hours.put(n, new ArrayList<>()); unanswered.put(n, 0); });
        Map<String, Integer> countryCounts = new TreeMap<>();
        for (OverviewRow r : rows) {
            perMonth.get(YearMonth.from(day(r, basis).orElseThrow())).merge(r.node(), 1, Integer::sum);
            countryCounts.merge(r.country(), 1, Integer::sum);
            r.focusAreas().forEach(a -> focusMentions.merge(a, 1, Integer::sum));
            goals.merge(r.mainGoal(), 1, Integer::sum);
            sizes[sizeBucket(r.participants())]++;
            if (r.firstAnswer().isPresent()) hours.get(r.node()).add(r.firstAnswer().get().toMinutes() / 60.0);
            else if (r.status() == BookingStatus.SUBMITTED) unanswered.merge(r.node(), 1, Integer::sum);
            fates[fate(r)]++;
            if (r.status() == BookingStatus.CANCELLED && (r.confirmed() || r.visitFrom().isPresent())) cancelledAfterConfirmation++;
            if (r.outcome().isPresent()) {
                OverviewRow.Outcome outcome = r.outcome().get();
                outcomes++;
                if (outcome.businessInterest()) businessInterest++;
                if (outcome.companiesMet() > 0) withCompanies++;
                companiesMet += outcome.companiesMet();
            }
            r.rating().ifPresent(rating -> ratings[rating - 1]++);
            r.impact().forEach(a -> {
                int i = a.months() == Impact.FIRST ? 0 : 1;
                impactAnswered[i]++;
                boolean[] yes = {a.contacts(), a.deals(), a.collaborations(), a.policy()};
                for (int q = 0; q < yes.length; q++) if (yes[q]) impactYes[i][q]++;
            });
        }
        // Most frequent first; ties in the order of the codes.
        countryCounts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> countries.put(e.getKey(), e.getValue()));
        this.nodes.forEach(n -> {
            List<Double> h = hours.get(n).stream().sorted().toList();
            answers.put(n, new AnswerTimes(h.size(), median(h), percentile(h, 90), unanswered.get(n)));
            headlines.put(n, headline(rows.stream().filter(r -> r.node() == n).toList()));
        });
        national = headline(rows);
    }

    /** A booking of these nodes whose day (its visit's first, or its request's) is in the period is counted here. */
    boolean counts(OverviewRow r) {
        if (!nodes.contains(r.node())) return false;
        Optional<LocalDate> day = day(r, basis);
        return day.isPresent() && !day.get().isBefore(from) && !day.get().isAfter(to);
    }

    /** The Swedish day that puts the booking in a period: its visit's first day (none without a visit) or its request's. */
    static Optional<LocalDate> day(OverviewRow r, ReportBasis basis) {
        return basis == ReportBasis.VISIT ? r.visitFrom() : Optional.of(r.submittedOn());
    }

    /** The index in {@link #FATES} of what became of the request. */
    static int fate(OverviewRow r) {
        return switch (r.status()) {
            case SUBMITTED -> 0;
            case ACKNOWLEDGED -> 1;
            case CONFIRMED -> 2;
            case COMPLETED, FOLLOWED_UP -> r.noShow() ? 4 : 3;
            case DECLINED -> 5;
            case CANCELLED -> 6;
        };
    }

    private static Headline headline(List<OverviewRow> rows) {
        List<OverviewRow> held = rows.stream().filter(OverviewRow::held).toList();
        List<Double> hours = rows.stream().flatMap(r -> r.firstAnswer().stream()).map(d -> d.toMinutes() / 60.0).sorted().toList();
        List<Integer> ratings = rows.stream().flatMap(r -> r.rating().stream()).toList();
        return new Headline(rows.size(), (int) rows.stream().filter(OverviewRow::upcoming).count(), held.size(),
                held.stream().mapToInt(OverviewRow::received).sum(),
                (int) held.stream().map(OverviewRow::country).filter(c -> !c.isEmpty()).distinct().count(),
                (int) held.stream().map(OverviewRow::node).distinct().count(),
                ratings.stream().mapToInt(Integer::intValue).average(), ratings.size(),
                hours.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(hours)),
                (int) rows.stream().filter(OverviewRow::noShow).count());
    }

    static LocalDate submittedOn(BookingCase c) {
        return LocalDate.ofInstant(c.booking().createdAt(), Booking.SWEDISH_TIME);
    }

    static int sizeBucket(int participants) {
        int bucket = 0;
        for (int i = 0; i < SIZE_BUCKETS.length; i++) if (participants >= SIZE_BUCKETS[i]) bucket = i;
        return bucket;
    }

    /** From the request to the first thing a coordinator (of the node or the national office) did with it. */
    static Optional<Duration> firstAnswer(BookingCase c) {
        return OverviewRow.firstAnswer(c);
    }

    /** The middle value, or the mean of the two middle values; 0 when there are none. */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        if (n == 0) return 0;
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest rank: the smallest value that at least p percent of the values do not exceed. */
    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) return 0;
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    double averageRating() {
        int count = 0, sum = 0;
        for (int i = 0; i < ratings.length; i++) {
            count += ratings[i];
            sum += ratings[i] * (i + 1);
        }
        return count == 0 ? 0 : (double) sum / count;
    }
}
