package se.smartcitysweden.booking.console;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.limits.Limits;
import se.smartcitysweden.booking.limits.RateLimit;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.port.ConsoleStore;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.port.SignInMailer;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.TextRules;
import se.smartcitysweden.booking.overview.ReportBasis;

/**
 * The coordinators' console: sign-in by a one-time link sent to an address of the coordinator
 * directory, and the bookings a signed-in person may see. Every sign-in and action is a line of
 * the audit trail (the table and the log), with identifiers only: an address appears as its
 * keyed hash.
 */
public final class ConsoleService {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** Links per address and window: enough for a mistyped try, too few to flood a coordinator's mailbox. */
    static final RateLimit SIGN_IN_LINKS = new RateLimit("signin", Limits.SIGN_IN_LINKS_PER_ADDRESS, Limits.SIGN_IN_LINKS_WINDOW);

    /** A visit begins within three years of its request: two years ahead, agreed up to a year after the request. */
    public static final int VISIT_LOOKBACK_MONTHS = 12 * (BookingRules.BOOKING_HORIZON_YEARS + 1);
    private final ConsoleStore store;
    private final ConsoleSessions sessions;
    private final CoordinatorDirectory directory;
    private final SignInMailer mailer;
    private final Clock clock;

    public ConsoleService(ConsoleStore store, ConsoleSessions sessions, CoordinatorDirectory directory, SignInMailer mailer,
                          Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.directory = directory;
        this.mailer = mailer;
        this.clock = clock;
    }

    public ConsoleSessions sessions() {
        return sessions;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Sends a sign-in link when the address is in the directory; does nothing visible otherwise,
     * so the caller answers the same either way (no way to learn who is a coordinator). The link is
     * {@code <baseUrl>/console/sign-in/<token>}.
     */
    public void requestSignIn(String address, String baseUrl) {
        Instant now = clock.instant();
        String normal = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        String who = sessions.who(normal);
        Optional<Principal> principal = TextRules.isEmail(normal) ? principal(directory, normal, who) : Optional.empty();
        if (principal.isEmpty()) {
            audit(now, who, "signin.unknown", "");
            return;
        }
        if (!withinLimit(who, now)) {
            audit(now, who, "signin.throttled", "");
            return;
        }
        String token = ConsoleSessions.randomId();
        store.issueSignIn(ConsoleSessions.tokenHash(token), principal.get(), now.plus(ConsoleSessions.SIGN_IN_LINK));
        audit(now, who, "signin.requested", scope(principal.get()));
        mailer.send(normal, baseUrl + "/console/sign-in/" + token, principal.get());
    }

    /** Uses a sign-in link up: a new session, or empty when the link is unknown, used or expired. */
    public Optional<ConsoleSessions.Session> signIn(String token) {
        Instant now = clock.instant();
        if (token == null || !TOKEN.matcher(token).matches()) {
            audit(now, "anonymous", "signin.refused", "");
            return Optional.empty();
        }
        Optional<Principal> principal = store.consumeSignIn(ConsoleSessions.tokenHash(token), now);
        if (principal.isEmpty()) {
            audit(now, "anonymous", "signin.refused", "");
            return Optional.empty();
        }
        ConsoleSessions.Session session = sessions.start(principal.get(), now);
        store.startSession(ConsoleSessions.tokenHash(session.id()), session.expiresAt());
        audit(now, principal.get().who(), "signin", scope(principal.get()));
        return Optional.of(session);
    }

    /**
     * The session a cookie stands for: genuine, unexpired, and not ended by a sign-out (the table
     * still holds it). A signed cookie alone would stay good for its eight hours wherever a copy went.
     */
    public Optional<ConsoleSessions.Session> session(String cookieValue, Instant now) {
        return sessions.verify(cookieValue, now).filter(s -> store.sessionActive(ConsoleSessions.tokenHash(s.id()), now));
    }

    public void signOut(ConsoleSessions.Session session) {
        store.endSession(ConsoleSessions.tokenHash(session.id()));
        audit(clock.instant(), session.principal().who(), "signout", "");
    }

    /**
     * The bookings of the nodes asked for (those the person may see; all of them when none is asked
     * for) that arrived in the period, one index query per node.
     */
    public List<BookingCase> bookings(Principal principal, List<Node> asked, LocalDate from, LocalDate to) {
        List<Node> nodes = (asked.isEmpty() ? List.of(Node.values()) : asked).stream().filter(principal::sees).toList();
        Instant start = from.atStartOfDay(Booking.SWEDISH_TIME).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(Booking.SWEDISH_TIME).toInstant();
        List<BookingCase> cases = new ArrayList<>();
        for (Node node : nodes) cases.addAll(store.ofNode(node, start, end));
        audit(clock.instant(), principal.who(), "list", nodes.stream().map(Node::id).collect(Collectors.joining(",")));
        return cases;
    }

    /**
     * The overview's rows of the nodes asked for (those the person may see; all of them when none
     * is asked for) submitted in the period: read per node and month, not booking by booking.
     */
    public List<OverviewRow> overviewRows(Principal principal, List<Node> asked, LocalDate from, LocalDate to) {
        return overviewRows(principal, asked, from, to, ReportBasis.REQUEST);
    }

    /**
     * The rows a report of the period needs: by request date, those submitted in it; by visit date, also those
     * submitted up to {@link #VISIT_LOOKBACK_MONTHS} before it (the rows are kept by month of submission, and a
     * visit is agreed at most {@link BookingRules#BOOKING_HORIZON_YEARS} years ahead of the day it is agreed on);
     * the report keeps those whose visit begins in the period.
     */
    public List<OverviewRow> overviewRows(Principal principal, List<Node> asked, LocalDate from, LocalDate to, ReportBasis basis) {
        List<Node> nodes = (asked.isEmpty() ? List.of(Node.values()) : asked).stream().filter(principal::sees).toList();
        LocalDate first = basis == ReportBasis.VISIT ? from.minusMonths(VISIT_LOOKBACK_MONTHS).withDayOfMonth(1) : from;
        List<OverviewRow> rows = store.overviewRows(nodes, first, to);
        audit(clock.instant(), principal.who(), "overview", nodes.stream().map(Node::id).collect(Collectors.joining(",")));
        return rows;
    }

    /** A booking the person may open; empty (and recorded) when it does not exist or belongs to a node they do not see. */
    public Optional<BookingCase> open(Principal principal, String bookingId) {
        Optional<BookingCase> found = store.load(bookingId).filter(c -> principal.sees(c.booking().node()));
        if (found.isPresent()) LogContext.bookingId(bookingId); // the rest of the request is about it
        audit(clock.instant(), principal.who(), found.isPresent() ? "open" : "open.refused", bookingId);
        return found;
    }

    /** One of the window's few links for this address is still free (counted by a conditional write, as every public limit). */
    private boolean withinLimit(String who, Instant now) {
        return SIGN_IN_LINKS.check(store, who, ConsoleSessions.randomId(), now).allowed();
    }

    private void audit(Instant at, String who, String action, String target) {
        store.audit(new ConsoleStore.AuditEntry(at, who, action, target));
        Log.info("console.audit").field("who", who).field("action", action).field("target", target).write();
    }

    /** What the directory grants an address: the national office every node, a coordinator their node(s); else nothing. */
    static Optional<Principal> principal(CoordinatorDirectory directory, String address, String who) {
        String wanted = address.toLowerCase(Locale.ROOT);
        if (listed(directory.nationalOffice(), wanted)) return Optional.of(new Principal(who, EnumSet.allOf(Node.class), true));
        Set<Node> nodes = EnumSet.noneOf(Node.class);
        for (Node node : Node.values()) {
            if (listed(directory.coordinators(node), wanted)) nodes.add(node);
        }
        return nodes.isEmpty() ? Optional.empty() : Optional.of(new Principal(who, nodes, false));
    }

    private static boolean listed(List<Mailbox> mailboxes, String address) {
        return mailboxes.stream().anyMatch(m -> m.address().toLowerCase(Locale.ROOT).equals(address));
    }

    private static String scope(Principal principal) {
        return principal.national() ? "national"
                : principal.nodes().stream().map(Node::id).sorted(Comparator.naturalOrder()).collect(Collectors.joining(","));
    }

    /** Today in Sweden. */
    public LocalDate today() {
        return ZonedDateTime.ofInstant(clock.instant(), Booking.SWEDISH_TIME).toLocalDate();
    }
}
