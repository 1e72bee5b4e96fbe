package se.smartcitysweden.booking.selfservice;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.SelfServiceMails;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.workflow.CaseService;

/**
 * The visitor's own page, opened from a link every visitor e-mail carries: the request's state
 * and history, the calendar entry, and the visitor's changes. Each change is one conditional
 * write on the booking's version with a history line (actor "visitor"), then the coordinators
 * are told what changed. A repeated identical change (a reload, a double click) writes nothing.
 */
public final class VisitorService {
    /**
     * Participants can be changed until this many Swedish working days before the visit's first
     * day (before a confirmation: the first day of the latest preferred period), so the host can
     * still order badges, rooms and lunch. Cancelling and asking for other dates stay open.
     */
    public static final int CHANGE_DEADLINE_WORKING_DAYS = 5;
    private static final Set<BookingStatus> OPEN = EnumSet.of(BookingStatus.SUBMITTED, BookingStatus.ACKNOWLEDGED,
            BookingStatus.CONFIRMED);

    private final BookingCaseRepository cases;
    private final CaseService caseService;
    private final FollowUpPlan plan;
    private final WorkingDays workingDays;
    private final SelfServiceMails mails;
    private final Clock clock;
    private ToIntFunction<Node> minimumNoticeDays = node -> 0;

    public VisitorService(BookingCaseRepository cases, CaseService caseService, FollowUpPlan plan, WorkingDays workingDays,
                          SelfServiceMails mails, Clock clock) {
        this.cases = cases;
        this.caseService = caseService;
        this.plan = plan;
        this.workingDays = workingDays;
        this.mails = mails;
        this.clock = clock;
    }

    /** With the nodes' minimum notice in days (the CoordinatorDirectory's), which other dates asked for must keep. */
    public VisitorService withMinimumNotice(ToIntFunction<Node> minimumNoticeDays) {
        this.minimumNoticeDays = minimumNoticeDays;
        return this;
    }

    public ToIntFunction<Node> minimumNotice() {
        return minimumNoticeDays;
    }

    public CaseService.Answer show(String bookingId, String token) {
        return caseService.show(bookingId, token, LinkSigner.Purpose.VISITOR);
    }

    /**
     * The agreed visit's calendar file (its cancellation once the visit is cancelled, so the entry can be taken out
     * again); empty when the link is refused, nothing was agreed or the request was declined.
     */
    public Optional<String> calendar(String bookingId, String token) {
        if (show(bookingId, token) instanceof CaseService.Answer.Shown shown && shown.bookingCase().workflow().visit().isPresent()
                && shown.bookingCase().status() != BookingStatus.DECLINED) {
            return Optional.of(mails.calendar(shown.bookingCase()));
        }
        return Optional.empty();
    }

    /** What the visitor may do now, in the page's order. */
    public List<String> allowed(BookingCase c, LocalDate today) {
        if (!OPEN.contains(c.status())) return List.of();
        List<String> allowed = new ArrayList<>();
        if (!today.isAfter(changeDeadline(c))) allowed.add("participants");
        allowed.add("other-dates");
        allowed.add("cancel");
        return allowed;
    }

    /** The last day on which the participants can be changed. */
    public LocalDate changeDeadline(BookingCase c) {
        LocalDate first = c.workflow().visit().map(Workflow.Visit::from).orElseGet(() -> c.booking().request()
                .preferredDates().stream().map(DateRange::from).max(LocalDate::compareTo).orElseThrow());
        LocalDate day = first;
        for (int counted = 0; counted < CHANGE_DEADLINE_WORKING_DAYS; ) {
            day = day.minusDays(1);
            if (workingDays.isWorkingDay(day)) counted++;
        }
        return day;
    }

    public CaseService.Answer act(String bookingId, String token, VisitorAction action) {
        CaseService.Answer shown = show(bookingId, token);
        return shown instanceof CaseService.Answer.Shown current ? act(current.bookingCase(), action) : shown;
    }

    /**
     * A change to the case the visitor's link has just opened ({@link #show}): read again only when another write
     * came first, so a change costs one read.
     */
    public CaseService.Answer act(BookingCase shown, VisitorAction action) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, FollowUpPlan.SWEDEN);
        String bookingId = shown.booking().id();
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<BookingCase> current = attempt == 0 ? Optional.of(shown) : cases.load(bookingId);
            if (current.isEmpty()) return new CaseService.Answer.NotFound();
            BookingCase before = current.get();
            if (alreadyDone(before, action)) return new CaseService.Answer.Changed(before);
            if (!allowed(before, today).contains(action.name())) return new CaseService.Answer.NotAllowed(before);
            BookingCase after = apply(before, action, now);
            if (cases.save(after, plan.nextDue(after), now)) {
                BookingCase saved = new BookingCase(after.booking(), after.version() + 1, after.workflow(), after.notification());
                // The visitor's own cancellation is confirmed to them as a coordinator's is (with the calendar's update).
                if (action instanceof VisitorAction.Cancel) {
                    saved = caseService.sendNotice(saved, VisitorNotice.CANCELLATION, now);
                }
                // Participants are told once per editing session, by the follow-up after a quiet spell
                // (FollowUpPlan.Kind.PARTICIPANTS): a visitor saving 15 times sends the coordinators one mail.
                if (!(action instanceof VisitorAction.ChangeParticipants)) {
                    mails.visitorChanged(before, saved, action.name(), note(action), now);
                }
                return new CaseService.Answer.Changed(saved);
            }
        }
        return cases.load(bookingId).<CaseService.Answer>map(CaseService.Answer.NotAllowed::new)
                .orElseGet(CaseService.Answer.NotFound::new);
    }

    /** The visitor's feedback (see CaseService), and a word to the coordinators that it came. */
    public CaseService.Answer feedback(String bookingId, String token, ActionParser.FeedbackInput input) {
        CaseService.Answer answer = caseService.feedback(bookingId, token, input);
        if (answer instanceof CaseService.Answer.Changed changed) mails.feedbackGiven(changed.bookingCase(), clock.instant());
        return answer;
    }

    private static String note(VisitorAction action) {
        if (action instanceof VisitorAction.Cancel cancel) return cancel.reason();
        if (action instanceof VisitorAction.OtherDates dates) return dates.message();
        return "";
    }

    static boolean alreadyDone(BookingCase c, VisitorAction action) {
        BookingRequest request = c.booking().request();
        if (action instanceof VisitorAction.Cancel cancel) {
            return c.status() == BookingStatus.CANCELLED && c.workflow().reason().equals(cancel.reason());
        }
        if (action instanceof VisitorAction.OtherDates dates) {
            List<Workflow.HistoryEntry> history = c.workflow().history();
            return OPEN.contains(c.status()) && request.preferredDates().equals(dates.dates()) && !history.isEmpty()
                    && history.get(history.size() - 1).event().equals(datesAsked(dates));
        }
        VisitorAction.ChangeParticipants change = (VisitorAction.ChangeParticipants) action;
        return OPEN.contains(c.status()) && request.expectedParticipants() == change.expected()
                && request.participants().equals(change.participants());
    }

    private static BookingCase apply(BookingCase c, VisitorAction action, Instant now) {
        Booking b = c.booking();
        BookingRequest r = b.request();
        Workflow w = c.workflow();
        if (action instanceof VisitorAction.Cancel cancel) {
            // "cancel", as a coordinator's: the follow-up plan then owes the visitor the cancellation notice.
            return new BookingCase(new Booking(b.id(), b.reference(), BookingStatus.CANCELLED, b.createdAt(), r), c.version(),
                    w.withReason(cancel.reason()).with(entry(now, new HistoryEvent.Cancelled(cancel.reason()))), c.notification());
        }
        if (action instanceof VisitorAction.OtherDates dates) {
            BookingRequest changed = new BookingRequest(r.node(), r.language(), r.mainGoal(), r.purpose(), r.focusAreas(),
                    r.focusDescription(), r.meetCompanies(), r.companyTypes(), r.specialRequests(), dates.dates(),
                    r.expectedParticipants(), r.participants(), r.contact(), r.organiser(), r.message());
            return withRequest(c, changed, entry(now, datesAsked(dates)));
        }
        VisitorAction.ChangeParticipants change = (VisitorAction.ChangeParticipants) action;
        BookingRequest changed = new BookingRequest(r.node(), r.language(), r.mainGoal(), r.purpose(), r.focusAreas(),
                r.focusDescription(), r.meetCompanies(), r.companyTypes(), r.specialRequests(), r.preferredDates(),
                change.expected(), change.participants(), r.contact(), r.organiser(), r.message());
        // The first change after the coordinators' last mail keeps the list as they know it, for the session's mail.
        Optional<List<BookingRequest.Participant>> told = FollowUpPlan.participantsSessionStart(w).isPresent()
                ? Optional.empty() : Optional.of(r.participants());
        return withRequest(c, changed, entry(now, new HistoryEvent.ParticipantsChanged(r.expectedParticipants(),
                change.expected(), r.participants().size(), change.participants().size(), told)));
    }

    private static HistoryEvent.OtherDatesAsked datesAsked(VisitorAction.OtherDates dates) {
        return new HistoryEvent.OtherDatesAsked(dates.dates(), dates.message());
    }

    private static BookingCase withRequest(BookingCase c, BookingRequest request, Workflow.HistoryEntry entry) {
        Booking b = c.booking();
        return new BookingCase(new Booking(b.id(), b.reference(), b.status(), b.createdAt(), request), c.version(),
                c.workflow().with(entry), c.notification());
    }

    private static Workflow.HistoryEntry entry(Instant now, HistoryEvent event) {
        return new Workflow.HistoryEntry(now, Actor.visitor(), event);
    }
}
