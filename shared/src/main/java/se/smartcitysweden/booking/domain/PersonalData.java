package se.smartcitysweden.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long a booking keeps its personal data: {@code months} after its last relevant day (the
 * visit's last day, or the day it was made when no visit was ever agreed), whatever its state.
 * The table's TTL ({@code expiresAt}) is set to that moment from the booking's creation on, as a
 * backstop; {@link #ANONYMISE_AHEAD} before it the follow-up's morning run anonymises the booking,
 * which then lives on without a TTL as a statistical record for national reporting.
 */
public record PersonalData(int months) {
    public static final PersonalData DEFAULT = new PersonalData(24);
    /** Margin for holidays and a failed run: the TTL must never be reached first. */
    public static final Duration ANONYMISE_AHEAD = Duration.ofDays(14);
    public static final String ENV = "PERSONAL_DATA_MONTHS";
    /** History actions after which a booking holds no personal data (the codes of {@link HistoryEvent.Anonymised} and {@link HistoryEvent.Erased}). */
    public static final String ANONYMISE = "anonymise";
    public static final String ERASE = "erase";

    public PersonalData {
        if (months < 1 || months > 120) throw new IllegalArgumentException("months must be 1–120");
    }

    public static PersonalData fromEnv(Map<String, String> env) {
        String value = env.get(ENV);
        return value == null || value.isBlank() ? DEFAULT : new PersonalData(Integer.parseInt(value.trim()));
    }

    /** When the table's TTL may delete the booking; set from its creation on. */
    public Instant expiresAt(Booking booking, Optional<Workflow.Visit> visit) {
        LocalDate last = visit.map(Workflow.Visit::to).orElse(LocalDate.ofInstant(booking.createdAt(), Booking.SWEDISH_TIME));
        return last.plusMonths(months).plusDays(1).atStartOfDay(Booking.SWEDISH_TIME).toInstant();
    }

    public Instant anonymiseAt(BookingCase c) {
        return expiresAt(c.booking(), c.workflow().visit()).minus(ANONYMISE_AHEAD);
    }

    public static boolean isAnonymised(Workflow workflow) {
        return workflow.history().stream()
                .anyMatch(e -> e.event() instanceof HistoryEvent.Anonymised || e.event() instanceof HistoryEvent.Erased);
    }

    /**
     * The booking without names, addresses, phones or free text, keeping what national reporting
     * counts: node, language, countries, focus areas, main goal, sizes, dates, state and outcome
     * flags. An open booking is cancelled too: nobody is left to answer. {@code why} is
     * {@link HistoryEvent.Anonymised} (its time came) or {@link HistoryEvent.Erased} (asked for).
     */
    public static BookingCase anonymise(BookingCase c, Actor actor, HistoryEvent why, Instant now) {
        BookingRequest r = c.booking().request();
        BookingRequest.Contact contact = r.contact();
        BookingRequest stripped = new BookingRequest(r.node(), r.language(), r.mainGoal(), "", r.focusAreas(), "",
                r.meetCompanies(), "", "", r.preferredDates(), r.expectedParticipants(),
                r.participants().stream().map(p -> new BookingRequest.Participant("", "", "", "", p.country())).toList(),
                new BookingRequest.Contact("", "", "", "", contact.country()), Optional.empty(), "");
        Workflow w = c.workflow();
        // History keeps what is not free text (dates, ratings, counts, answers); reasons, notes and messages go.
        List<Workflow.HistoryEntry> history = w.history().stream()
                .map(e -> new Workflow.HistoryEntry(e.at(), e.by(), e.event().withoutPersonalData())).toList();
        Workflow cleared = new Workflow(history, w.visit().map(v -> v.withPlan(v.plan().withoutPersonalData())), "",
                w.outcome().map(o -> new Workflow.Outcome("", List.of(), o.businessInterest(), o.recordedAt())),
                w.feedback().map(f -> new Workflow.Feedback(f.rating(), "", f.givenAt())), w.followUpsSent())
                .with(new Workflow.HistoryEntry(now, actor, why));
        BookingStatus status = isOpen(c.status()) ? BookingStatus.CANCELLED : c.status();
        Booking b = c.booking();
        return new BookingCase(new Booking(b.id(), b.reference(), status, b.createdAt(), stripped), c.version(), cleared,
                c.notification());
    }

    /** {@link #anonymise(BookingCase, Actor, HistoryEvent, Instant)} with the actor's id and the event's code and detail. */
    public static BookingCase anonymise(BookingCase c, String actor, String action, String detail, Instant now) {
        Workflow.HistoryEntry line = new Workflow.HistoryEntry(now, actor, action, detail);
        return anonymise(c, line.by(), line.event(), now);
    }

    static boolean isOpen(BookingStatus status) {
        return status == BookingStatus.SUBMITTED || status == BookingStatus.ACKNOWLEDGED || status == BookingStatus.CONFIRMED;
    }
}
