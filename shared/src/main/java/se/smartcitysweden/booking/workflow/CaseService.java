package se.smartcitysweden.booking.workflow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.port.VisitorNotices;

/**
 * What the coordinator's manage page and the visitor's feedback page do: check the link's
 * token, show the case, apply an action as one conditional write, and tell the visitor.
 */
public final class CaseService {
    private final BookingCaseRepository cases;
    private final LinkSigner signer;
    private final FollowUpPlan plan;
    private final VisitorNotices notices;
    private final Clock clock;
    private final Staff staff;
    private final MailLog mailLog;

    public CaseService(BookingCaseRepository cases, LinkSigner signer, FollowUpPlan plan, VisitorNotices notices,
                       Clock clock) {
        this(cases, signer, plan, notices, clock, Staff.NONE);
    }

    /** With the people who may act, so the history names who did what ({@link #actor}). */
    public CaseService(BookingCaseRepository cases, LinkSigner signer, FollowUpPlan plan, VisitorNotices notices,
                       Clock clock, Staff staff) {
        this(cases, signer, plan, notices, clock, staff, MailLog.NONE);
    }

    /** With the log of the e-mails sent about each booking, which its timeline shows ({@link #mails}). */
    public CaseService(BookingCaseRepository cases, LinkSigner signer, FollowUpPlan plan, VisitorNotices notices,
                       Clock clock, Staff staff, MailLog mailLog) {
        this.mailLog = mailLog;
        this.cases = cases;
        this.signer = signer;
        this.plan = plan;
        this.notices = notices;
        this.clock = clock;
        this.staff = staff;
    }

    /**
     * Who acts through a manage link, never a guess: the person the link was made for (the console's
     * signed-in person), else the one the page was told ({@code declared}: an address the browser
     * chose from the node's list), else honestly "a coordinator of the node".
     */
    public Actor actor(LinkSigner.Claims claims, String declared) {
        return staff.byHash(claims.node(), claims.by())
                .or(() -> claims.by().isEmpty() ? staff.byAddress(claims.node(), declared) : Optional.empty())
                .orElse(Actor.coordinator(claims.node()));
    }

    /** The same for a manage link's token; empty when the token is not valid for the booking. */
    public Optional<Actor> actor(String bookingId, String token, String declared) {
        return signer.verify(token, LinkSigner.Purpose.MANAGE, bookingId, clock.instant()).map(claims -> actor(claims, declared));
    }

    /** True when the manage link was made for one person (nobody need say who they are). */
    public boolean linkNamesPerson(String bookingId, String token) {
        return signer.verify(token, LinkSigner.Purpose.MANAGE, bookingId, clock.instant())
                .filter(claims -> staff.byHash(claims.node(), claims.by()).isPresent()).isPresent();
    }

    /** The e-mails sent about the booking, oldest first, for its timeline (the staff's). */
    public java.util.List<MailLog.Sent> mails(String bookingId) {
        return mailLog.of(bookingId);
    }

    /** Everyone who may act on the node's bookings, for the page's "who are you?". */
    public java.util.List<Actor> staff(se.smartcitysweden.booking.domain.Node node) {
        return staff.of(node);
    }

    public sealed interface Answer {
        record Shown(BookingCase bookingCase) implements Answer { }
        /** The case is as the action asked: changed now, or already (a repeated identical action writes nothing). */
        record Changed(BookingCase bookingCase) implements Answer { }
        record NotAllowed(BookingCase bookingCase) implements Answer { }
        /** The token is missing, tampered with, expired, or for another booking or purpose. */
        record Forbidden() implements Answer { }
        record NotFound() implements Answer { }
    }

    public Answer show(String bookingId, String token, LinkSigner.Purpose purpose) {
        Instant now = clock.instant();
        Optional<LinkSigner.Claims> claims = signer.verify(token, purpose, bookingId, now);
        if (claims.isEmpty()) return new Answer.Forbidden();
        Optional<BookingCase> found = cases.load(bookingId);
        if (found.isEmpty()) return new Answer.NotFound();
        // A token is bound to the booking's node too; a booking never changes node.
        if (found.get().booking().node() != claims.get().node()) return new Answer.Forbidden();
        return new Answer.Shown(found.get());
    }

    /** Applies a coordinator's action; on a concurrent change it reloads once and decides again. */
    public Answer act(String bookingId, String token, CoordinatorAction action) {
        return act(bookingId, token, action, "");
    }

    /** The same, by the person {@link #actor} finds ({@code declared}: the address the page was told, or empty). */
    public Answer act(String bookingId, String token, CoordinatorAction action, String declared) {
        return decide(bookingId, token, declared, (current, actor, now) -> Transitions.apply(current, action, actor, now));
    }

    /** What a step makes of the stored case (see {@link Transitions.Result}). */
    private interface Step {
        Transitions.Result apply(BookingCase current, Actor actor, Instant now);
    }

    /**
     * Checks the manage link, then lets {@code step} decide on the stored case and saves what it made; on a
     * concurrent change it reloads once and decides again. The visitor's notice goes after the save.
     */
    private Answer decide(String bookingId, String token, String declared, Step step) {
        Instant now = clock.instant();
        Optional<LinkSigner.Claims> claims = signer.verify(token, LinkSigner.Purpose.MANAGE, bookingId, now);
        if (claims.isEmpty()) return new Answer.Forbidden();
        Actor actor = actor(claims.get(), declared);
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<BookingCase> current = cases.load(bookingId);
            if (current.isEmpty()) return new Answer.NotFound();
            if (current.get().booking().node() != claims.get().node()) return new Answer.Forbidden();
            Transitions.Result result = step.apply(current.get(), actor, now);
            if (result instanceof Transitions.Result.NotAllowed) return new Answer.NotAllowed(current.get());
            if (result instanceof Transitions.Result.Unchanged) return new Answer.Changed(current.get());
            Transitions.Result.Applied applied = (Transitions.Result.Applied) result;
            BookingCase after = applied.after();
            if (cases.save(after, plan.nextDue(after), now)) {
                BookingCase saved = new BookingCase(after.booking(), after.version() + 1, after.workflow(), after.notification());
                return new Answer.Changed(sendNotice(saved, applied.notice(), now));
            }
        }
        return new Answer.NotAllowed(cases.load(bookingId).orElseThrow());
    }

    /** The longest internal note, in characters. */
    public static final int MAX_NOTE = 2000;

    /**
     * Adds an internal note by whoever acts through the link ({@link #actor}). The text is checked by the
     * caller (1 to {@link #MAX_NOTE} characters); the same note posted twice in a row (a double click) is
     * written once. NotAllowed once the personal data is gone: a note is free text about people.
     */
    public Answer note(String bookingId, String token, String text, String declared) {
        return aside(bookingId, token, declared, (current, actor, now) -> {
            if (PersonalData.isAnonymised(current.workflow())) return null;
            List<Workflow.HistoryEntry> history = current.workflow().history();
            Workflow.HistoryEntry last = history.isEmpty() ? null : history.get(history.size() - 1);
            if (last != null && last.event().equals(new HistoryEvent.NoteAdded(text)) && last.by().equals(actor)) return current;
            return current.next(current.workflow().with(new Workflow.HistoryEntry(now, actor, new HistoryEvent.NoteAdded(text))));
        });
    }

    /**
     * Assigns the booking to one person who may act on its node ({@code email} from {@link #staff}), or to
     * nobody ({@code email} empty). NotAllowed for anyone else; assigning the one who has it writes nothing.
     */
    public Answer assign(String bookingId, String token, String email, String declared) {
        return aside(bookingId, token, declared, (current, actor, now) -> {
            String wanted = email == null ? "" : email.strip();
            Optional<Actor> person = wanted.isEmpty() ? Optional.empty()
                    : staff.of(current.booking().node()).stream().filter(a -> a.email().equalsIgnoreCase(wanted)).findFirst();
            if (!wanted.isEmpty() && person.isEmpty()) return null;
            String now_ = person.map(Actor::email).orElse("");
            if (current.workflow().assignee().map(HistoryEvent.Assigned::email).orElse("").equalsIgnoreCase(now_)) return current;
            HistoryEvent event = new HistoryEvent.Assigned(now_, person.map(Actor::name).orElse(""));
            return current.next(current.workflow().with(new Workflow.HistoryEntry(now, actor, event)));
        });
    }

    /** What a change beside the workflow makes of the case: the case itself (nothing to write), a changed one, or null (not allowed). */
    private interface Aside {
        BookingCase apply(BookingCase current, Actor actor, Instant now);
    }

    private Answer aside(String bookingId, String token, String declared, Aside change) {
        return decide(bookingId, token, declared, (current, actor, now) -> {
            BookingCase after = change.apply(current, actor, now);
            if (after == null) return new Transitions.Result.NotAllowed(current.status());
            if (after == current) return new Transitions.Result.Unchanged(current);
            return new Transitions.Result.Applied(after, VisitorNotice.NONE);
        });
    }

    /** Records the visitor's feedback (once; a second submission replaces the first). */
    public Answer feedback(String bookingId, String token, ActionParser.FeedbackInput input) {
        Instant now = clock.instant();
        if (signer.verify(token, LinkSigner.Purpose.FEEDBACK, bookingId, now).isEmpty()) return new Answer.Forbidden();
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<BookingCase> current = cases.load(bookingId);
            if (current.isEmpty()) return new Answer.NotFound();
            // After an erasure no new free text is taken in: the case is a statistical record.
            if (PersonalData.isAnonymised(current.get().workflow())) return new Answer.NotAllowed(current.get());
            BookingCase after = current.get().next(current.get().workflow()
                    .withFeedback(new Workflow.Feedback(input.rating(), input.comment(), now))
                    .with(new Workflow.HistoryEntry(now, Actor.visitor(), new HistoryEvent.FeedbackGiven(input.rating()))));
            if (cases.save(after, plan.nextDue(after), now)) return new Answer.Changed(after);
        }
        return new Answer.NotAllowed(cases.load(bookingId).orElseThrow());
    }

    /**
     * Records the visitor's answer to the impact survey now open (6 or 12 months); a repeated
     * identical answer writes nothing, a different one adds a line that replaces it. NotAllowed when
     * no survey was sent yet or the booking is anonymised.
     */
    public Answer impact(String bookingId, String token, boolean contacts, boolean deals, boolean collaborations,
                         boolean policy, String note) {
        Instant now = clock.instant();
        if (signer.verify(token, LinkSigner.Purpose.IMPACT, bookingId, now).isEmpty()) return new Answer.Forbidden();
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<BookingCase> current = cases.load(bookingId);
            if (current.isEmpty()) return new Answer.NotFound();
            Workflow w = current.get().workflow();
            Optional<Integer> round = Impact.openRound(w);
            if (PersonalData.isAnonymised(w) || round.isEmpty()) return new Answer.NotAllowed(current.get());
            Impact answer = new Impact(round.get(), contacts, deals, collaborations, policy, note);
            if (answer.equals(Impact.answers(w).get(round.get()))) return new Answer.Changed(current.get());
            BookingCase after = current.get().next(w.with(new Workflow.HistoryEntry(now, Actor.visitor(), answer.event())));
            if (cases.save(after, plan.nextDue(after), now)) {
                Log.info("case.impact").field("bookingId", bookingId).field("months", round.get()).write();
                return new Answer.Changed(new BookingCase(after.booking(), after.version() + 1, after.workflow(),
                        after.notification()));
            }
        }
        return new Answer.NotAllowed(cases.load(bookingId).orElseThrow());
    }

    /**
     * Erases the booking's personal data at once because its visitor asked for it (from their own
     * page): the token must be one the visitor holds, any purpose but {@link LinkSigner.Purpose#MANAGE}.
     * Recorded as an "erase" history line by "visitor"; the statistical record stays. A repeated
     * request answers {@link Answer.Changed} and writes nothing.
     */
    public Answer eraseAtVisitorsRequest(String bookingId, String token) {
        Instant now = clock.instant();
        boolean visitorsToken = false;
        for (LinkSigner.Purpose purpose : LinkSigner.Purpose.values()) {
            if (purpose != LinkSigner.Purpose.MANAGE && signer.verify(token, purpose, bookingId, now).isPresent()) {
                visitorsToken = true;
            }
        }
        if (!visitorsToken) return new Answer.Forbidden();
        Optional<BookingCase> found = cases.load(bookingId);
        return found.isEmpty() ? new Answer.NotFound() : eraseAtVisitorsRequest(found.get());
    }

    /**
     * The same for the case a visitor's link has just opened (their own page, {@link LinkSigner.Purpose#VISITOR}):
     * read again only when another write came first, so the erasure costs no second read.
     */
    public Answer eraseAtVisitorsRequest(BookingCase shown) {
        Instant now = clock.instant();
        String bookingId = shown.booking().id();
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<BookingCase> current = attempt == 0 ? Optional.of(shown) : cases.load(bookingId);
            if (current.isEmpty()) return new Answer.NotFound();
            if (PersonalData.isAnonymised(current.get().workflow())) return new Answer.Changed(current.get());
            BookingCase erased = PersonalData.anonymise(current.get(), Actor.visitor(), new HistoryEvent.Erased(), now);
            if (cases.save(erased, plan.nextDue(erased), now)) {
                Log.info("case.erased").field("bookingId", bookingId).field("by", "visitor").write();
                return new Answer.Changed(new BookingCase(erased.booking(), erased.version() + 1, erased.workflow(),
                        erased.notification()));
            }
        }
        return new Answer.NotAllowed(cases.load(bookingId).orElseThrow());
    }

    /**
     * Sends the visitor's notice after the change is stored. If it cannot go now, the case
     * stays due and the follow-up's next run sends it: parked, never dropped. Public for the
     * visitor's own cancellation (selfservice), which tells the visitor as a coordinator's does.
     */
    public BookingCase sendNotice(BookingCase saved, VisitorNotice notice, Instant now) {
        if (notice == VisitorNotice.NONE) return saved;
        String key = FollowUpPlan.noticeKey(saved).orElseThrow();
        if (!notices.send(saved, notice)) return saved;
        BookingCase marked = saved.next(saved.workflow().withFollowUpSent(key, now));
        if (cases.save(marked, plan.nextDue(marked), now)) {
            return new BookingCase(marked.booking(), marked.version() + 1, marked.workflow(), marked.notification());
        }
        return saved;
    }
}
