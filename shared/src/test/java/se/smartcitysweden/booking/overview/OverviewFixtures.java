package se.smartcitysweden.booking.overview;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * Bookings described by a few plain facts ({@link Spec}), so that a test can count what the
 * overview should show from the facts, without the overview's code.
 */
final class OverviewFixtures {
    static final String[] COUNTRIES = {"DE", "US", "JP", "KE", "BR", "IN", ""};

    /**
     * stage: 0 submitted (or only acknowledged when answered), 1 confirmed, 2 completed, 3 outcome
     * recorded, -1 declined after an acknowledgement, -2 cancelled after its visit was confirmed (the visit's days
     * kept); answerMinutes: null when nobody answered; rating only from stage 2.
     */
    record Spec(String reference, Node node, LocalDate day, String country, List<FocusArea> areas, MainGoal goal, int size,
                Integer answerMinutes, int stage, Integer rating, boolean interest, int companies, String organisation,
                boolean anonymised) { }

    static List<Spec> seeded(long seed, int count, LocalDate first, int days) {
        Random random = new Random(seed);
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node node = Node.values()[random.nextInt(Node.values().length)];
            List<FocusArea> areas = new ArrayList<>();
            for (FocusArea a : FocusArea.values()) if (random.nextInt(4) == 0) areas.add(a);
            if (areas.isEmpty()) areas.add(FocusArea.values()[random.nextInt(FocusArea.values().length)]);
            Integer answer = random.nextInt(5) == 0 ? null : 30 + random.nextInt(6000);
            int stage = answer == null ? 0 : random.nextInt(6) - 2;
            specs.add(new Spec(String.format("%s-%05d", node.referencePrefix(), i), node,
                    first.plusDays(random.nextInt(days)), COUNTRIES[random.nextInt(COUNTRIES.length)], areas,
                    MainGoal.values()[random.nextInt(MainGoal.values().length)], 1 + random.nextInt(200), answer, stage,
                    stage >= 2 && random.nextBoolean() ? 1 + random.nextInt(5) : null, random.nextBoolean(), random.nextInt(4),
                    "Org " + i, stage == 2 && random.nextInt(3) == 0));
        }
        return specs;
    }

    static BookingCase build(Spec s) {
        Instant created = s.day().atTime(LocalTime.of(10, 0)).atZone(Booking.SWEDISH_TIME).toInstant();
        BookingRequest request = new BookingRequest(s.node(), Language.EN, s.goal(), "Purpose", s.areas(), "",
                Optional.of(true), "", "", List.of(new BookingRequest.DateRange(s.day().plusDays(30), s.day().plusDays(31))),
                s.size(), List.of(), new BookingRequest.Contact("Ada Visitor", "ada@example.org", "", s.organisation(),
                s.country()), Optional.empty(), "");
        Workflow w = Workflow.empty()
                // Not a coordinator's answer: the answer time starts at the coordinator's first entry.
                .with(new Workflow.HistoryEntry(created.plusSeconds(60), "follow-up", "skipped", "notify"));
        BookingStatus status = BookingStatus.SUBMITTED;
        if (s.answerMinutes() != null) {
            Instant answered = created.plus(Duration.ofMinutes(s.answerMinutes()));
            w = w.with(new Workflow.HistoryEntry(answered, "coordinator:" + s.node().id(), "acknowledge", ""));
            status = BookingStatus.ACKNOWLEDGED;
            if (s.stage() == -1) status = BookingStatus.DECLINED;
            if (s.stage() >= 1 || s.stage() == -2) {
                w = w.withVisit(new Workflow.Visit(s.day().plusDays(30), s.day().plusDays(31)))
                        .with(new Workflow.HistoryEntry(answered.plusSeconds(3600), "coordinator:" + s.node().id(), "confirm", ""));
                status = BookingStatus.CONFIRMED;
            }
            if (s.stage() == -2) status = BookingStatus.CANCELLED;
            if (s.stage() >= 2) status = BookingStatus.COMPLETED;
            if (s.stage() >= 3) {
                List<String> companies = new ArrayList<>();
                for (int i = 0; i < s.companies(); i++) companies.add("Company " + i);
                w = w.withOutcome(new Workflow.Outcome("Met people", companies, s.interest(), answered.plusSeconds(86_400 * 40)));
                status = BookingStatus.FOLLOWED_UP;
            }
            if (s.rating() != null) w = w.withFeedback(new Workflow.Feedback(s.rating(), "Fine", answered.plusSeconds(86_400 * 35)));
        }
        BookingCase c = new BookingCase(new Booking("id-" + s.reference(), s.reference(), status, created, request), 1, w, "sent");
        return s.anonymised() ? PersonalData.anonymise(c, "follow-up", PersonalData.ANONYMISE, "", created.plusSeconds(86_400 * 700)) : c;
    }

    /** The booking marked done (again) with {@code attended} counted: 0 is a no-show, {@code ""} a line without a count. */
    static BookingCase markedDone(BookingCase c, String attended) {
        Instant at = c.workflow().visit().map(v -> v.to().plusDays(1).atTime(LocalTime.NOON).atZone(Booking.SWEDISH_TIME).toInstant())
                .orElse(c.booking().createdAt().plusSeconds(86_400 * 32));
        return c.withHistory(new Workflow.HistoryEntry(at, "coordinator:" + c.booking().node().id(), "complete", attended));
    }

    static List<BookingCase> build(List<Spec> specs) {
        return specs.stream().map(OverviewFixtures::build).toList();
    }
}
