package se.smartcitysweden.booking.overview;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.workflow.BookingCase;
import se.smartcitysweden.booking.workflow.Impact;
import se.smartcitysweden.booking.workflow.Workflow;

/**
 * The numbers behind the overview, counted once over the period's bookings. Every count is of
 * bookings except {@link #focusMentions}, which counts each focus area a booking names.
 * Anonymised bookings keep what is counted here (node, country, goal, areas, size, history,
 * outcome flags, rating), so they count like the others.
 */
final class OverviewFigures {
    /** Delegation sizes, by their smallest number of participants. */
    static final int[] SIZE_BUCKETS = {1, 6, 11, 21, 51};
    static final int STAGES = 4;

    record AnswerTimes(int answered, double medianHours, double p90Hours, int unanswered) { }

    final LocalDate from;
    final LocalDate to;
    final List<Node> nodes;
    final List<BookingCase> cases;
    final Map<YearMonth, Map<Node, Integer>> perMonth = new TreeMap<>();
    final Map<String, Integer> countries = new LinkedHashMap<>();
    final Map<FocusArea, Integer> focusMentions = new EnumMap<>(FocusArea.class);
    final Map<MainGoal, Integer> goals = new EnumMap<>(MainGoal.class);
    final int[] sizes = new int[SIZE_BUCKETS.length];
    final Map<Node, AnswerTimes> answers = new EnumMap<>(Node.class);
    /** Submitted, confirmed, completed, outcome recorded. */
    final int[] funnel = new int[STAGES];
    int outcomes;
    int businessInterest;
    int withCompanies;
    int companiesMet;
    /** Ratings 1 to 5 at index 0 to 4. */
    final int[] ratings = new int[5];
    /** Impact survey at 6 (index 0) and 12 months: answers, and yes per question (contacts, deals, collaborations, policy). */
    final int[] impactAnswered = new int[2];
    final int[][] impactYes = new int[2][4];

    OverviewFigures(List<BookingCase> all, LocalDate from, LocalDate to, Set<Node> nodes) {
        if (to.isBefore(from)) throw new IllegalArgumentException("the period ends before it starts");
        this.from = from;
        this.to = to;
        this.nodes = List.copyOf(nodes.isEmpty() ? Set.of(Node.values()) : nodes).stream().sorted().toList();
        this.cases = all.stream().filter(c -> this.nodes.contains(c.booking().node()) && within(c))
                .sorted((a, b) -> a.booking().createdAt().compareTo(b.booking().createdAt())).toList();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            Map<Node, Integer> row = new EnumMap<>(Node.class);
            this.nodes.forEach(n -> row.put(n, 0));
            perMonth.put(m, row);
        }
        Map<Node, List<Double>> hours = new EnumMap<>(Node.class);
        Map<Node, Integer> unanswered = new EnumMap<>(Node.class);
        this.nodes.forEach(n -> { hours.put(n, new ArrayList<>()); unanswered.put(n, 0); });
        Map<String, Integer> countryCounts = new TreeMap<>();
        for (BookingCase c : cases) {
            Booking b = c.booking();
            perMonth.get(YearMonth.from(submittedOn(c))).merge(b.node(), 1, Integer::sum);
            countryCounts.merge(b.request().contact().country(), 1, Integer::sum);
            b.request().focusAreas().forEach(a -> focusMentions.merge(a, 1, Integer::sum));
            goals.merge(b.request().mainGoal(), 1, Integer::sum);
            sizes[sizeBucket(b.request().expectedParticipants())]++;
            Optional<Duration> answer = firstAnswer(c);
            if (answer.isPresent()) hours.get(b.node()).add(answer.get().toMinutes() / 60.0);
            else if (c.status() == BookingStatus.SUBMITTED) unanswered.merge(b.node(), 1, Integer::sum);
            funnel[0]++;
            if (confirmed(c)) funnel[1]++;
            if (c.status() == BookingStatus.COMPLETED || c.status() == BookingStatus.FOLLOWED_UP) funnel[2]++;
            Optional<Workflow.Outcome> outcome = c.workflow().outcome();
            if (outcome.isPresent()) {
                funnel[3]++;
                outcomes++;
                if (outcome.get().businessInterest()) businessInterest++;
                if (!outcome.get().companiesMet().isEmpty()) withCompanies++;
                companiesMet += outcome.get().companiesMet().size();
            }
            c.workflow().feedback().ifPresent(f -> ratings[f.rating() - 1]++);
            Impact.answers(c.workflow()).values().forEach(a -> {
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
        });
    }

    private boolean within(BookingCase c) {
        LocalDate day = submittedOn(c);
        return !day.isBefore(from) && !day.isAfter(to);
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
        return c.workflow().history().stream().filter(e -> e.actor().startsWith("coordinator")).findFirst()
                .map(e -> Duration.between(c.booking().createdAt(), e.at()));
    }

    /** A visit was agreed at some point, even if it was cancelled later. */
    static boolean confirmed(BookingCase c) {
        return c.workflow().visit().isPresent() || c.status() == BookingStatus.CONFIRMED
                || c.status() == BookingStatus.COMPLETED || c.status() == BookingStatus.FOLLOWED_UP;
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
