package se.smartcitysweden.booking.console.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.notification.CalendarInvite;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.port.CalendarFeeds;
import se.smartcitysweden.booking.port.ConsoleStore;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;

/**
 * Each node's calendar feed: {@code GET /console/calendar/{node}/{token}.ics} (no session: calendar programs subscribe
 * to a URL) lists the node's visits as iCalendar (METHOD:PUBLISH, the host's events, cancelled ones as
 * STATUS:CANCELLED for {@link #CANCELLED_KEPT}); the console's {@code /console/calendar} (a node's coordinator,
 * or the national office for every node) makes, renews or revokes it. The token is random (256 bits) and shown
 * once, when made; the table keeps only its SHA-256, compared in constant time. Any refusal (unknown node, no
 * feed, wrong or revoked token) is the same 404.
 */
final class CalendarFeedPage {
    /** How long a cancelled visit stays in the feed (as cancelled), so subscribed calendars take it out. */
    static final Duration CANCELLED_KEPT = Duration.ofDays(60);
    /** How far back the feed reads the node's bookings (by when they were made; a visit is at most two years ahead). */
    private static final Duration READ_BACK = Duration.ofDays(3 * 366);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ConsoleService service;
    private final ConsoleWords words;
    private final ConsoleStore store;
    private final CalendarFeeds feeds;
    private final CoordinatorDirectory directory;
    private final Mailbox from;
    private final ConsoleHttp.Links links;
    private final String publicBaseUrl;
    private final Language language;

    CalendarFeedPage(ConsoleService service, ConsoleWords words, ConsoleStore store, CalendarFeeds feeds,
                     CoordinatorDirectory directory, Mailbox from, ConsoleHttp.Links links, String publicBaseUrl) {
        this.service = service;
        this.words = words;
        this.store = store;
        this.feeds = feeds;
        this.directory = directory;
        this.from = from;
        this.links = links;
        this.publicBaseUrl = publicBaseUrl;
        this.language = words.language();
    }

    /** The feed itself. */
    HttpAnswer feed(HttpRequest request) {
        Optional<Node> node = Node.fromId(request.pathParameter("node"));
        // API Gateway's {file} is "<token>.ics"; the function's route reads the token from it.
        String token = String.valueOf(request.pathParameter("token"));
        if (node.isEmpty() || !token.matches("[A-Za-z0-9_-]{43}")) return notFound();
        Optional<CalendarFeeds.Feed> feed = feeds.feed(node.get());
        if (feed.isEmpty() || !MessageDigest.isEqual(feed.get().tokenHash().getBytes(StandardCharsets.US_ASCII),
                hash(token).getBytes(StandardCharsets.US_ASCII))) {
            return notFound();
        }
        Instant now = service.now();
        CaseMails mails = new CaseMails(from, directory, links.forBaseUrl(request.siteUrl(publicBaseUrl)), language);
        List<CalendarInvite.Event> events = new ArrayList<>();
        for (BookingCase c : store.ofNode(node.get(), now.minus(READ_BACK), now.plusSeconds(60))) {
            if (listed(c, now)) events.add(mails.hostEvent(c, now));
        }
        Log.info("calendar.feed").field("node", node.get().id()).field("events", events.size()).write();
        return HttpAnswer.download("text/calendar; charset=utf-8", "visits-" + node.get().id() + ".ics",
                CalendarInvite.feed(words.format("calendar.feedName", node.get().city()), events).getBytes(StandardCharsets.UTF_8));
    }

    /** Confirmed and done visits, and a visit cancelled lately (so a subscribed calendar takes it out). */
    static boolean listed(BookingCase c, Instant now) {
        if (c.workflow().visit().isEmpty()) return false;
        if (c.status() == BookingStatus.CONFIRMED || c.status() == BookingStatus.COMPLETED || c.status() == BookingStatus.FOLLOWED_UP) {
            return true;
        }
        if (c.status() != BookingStatus.CANCELLED) return false;
        return c.workflow().history().stream().filter(e -> e.event() instanceof HistoryEvent.Cancelled)
                .map(Workflow.HistoryEntry::at).reduce((a, b) -> b).map(at -> at.plus(CANCELLED_KEPT).isAfter(now)).orElse(false);
    }

    /** The console's page: each node one sees, its feed's state, and the forms to make, renew or revoke it. */
    HttpAnswer show(ConsoleHttp.Visit visit) {
        if (visit.session().isEmpty()) return ConsoleHttp.seeOther("/console/sign-in");
        return page(visit, 200, null, null, visit.request().query("done"));
    }

    /** Makes (or renews) or revokes a node's feed: {@code node}, {@code op} = renew | revoke. */
    HttpAnswer change(ConsoleHttp.Visit visit) {
        if (visit.session().isEmpty()) return ConsoleHttp.seeOther("/console/sign-in");
        Principal principal = visit.session().get().principal();
        Map<String, String> form = visit.request().form().values();
        Optional<Node> node = Node.fromId(form.get("node")).filter(principal::sees);
        String op = String.valueOf(form.get("op"));
        if (node.isEmpty() || !(op.equals("renew") || op.equals("revoke"))) {
            return page(visit, 400, null, words.get(node.isEmpty() ? "calendar.error.node" : "calendar.error.op"), null);
        }
        store.audit(new ConsoleStore.AuditEntry(service.now(), principal.who(), "calendar." + op, node.get().id()));
        if (op.equals("revoke")) {
            feeds.revoke(node.get());
            return ConsoleHttp.seeOther("/console/calendar?done=revoked");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        feeds.save(node.get(), hash(token), service.now());
        // Shown once, on this answer (not after a redirect): only the hash is kept.
        String url = visit.request().siteUrl(publicBaseUrl) + "/console/calendar/" + node.get().id() + "/" + token + ".ics";
        return page(visit, 200, Map.of("node", node.get().city(), "url", url), null, null).withHeader("Cache-Control", "no-store");
    }

    private HttpAnswer page(ConsoleHttp.Visit visit, int status, Map<String, String> made, String error, String done) {
        Principal principal = visit.session().get().principal();
        Map<String, Object> view = visit.page(words, words.get("calendar.title"), true);
        BookingsPage.whoSees(view, words, principal);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Node node : Arrays.stream(Node.values()).filter(principal::sees).toList()) {
            Optional<CalendarFeeds.Feed> feed = feeds.feed(node);
            Map<String, Object> row = new HashMap<>();
            row.put("id", node.id());
            row.put("city", node.city());
            row.put("state", feed.map(f -> words.format("calendar.active", new se.smartcitysweden.booking.notification.MailWords(language).dateTime(f.createdAt())))
                    .orElse(words.get("calendar.none")));
            row.put("active", feed.isPresent());
            nodes.add(row);
        }
        view.put("nodes", nodes);
        if (made != null) view.put("made", made);
        if (error != null) view.put("error", error);
        if ("revoked".equals(done)) view.put("done", words.get("calendar.revoked"));
        return ConsoleHttp.TEMPLATES.page(status, "calendar", view);
    }

    private HttpAnswer notFound() {
        return ConsoleHttp.message(words, null, 404, "notFound");
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
