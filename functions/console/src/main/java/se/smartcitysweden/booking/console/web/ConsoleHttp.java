package se.smartcitysweden.booking.console.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import se.smartcitysweden.booking.console.BookingList;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.overview.NationalOverview;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.web.Renderer;
import se.smartcitysweden.booking.web.Routes;

/**
 * The console's routes under {@code /console}. Every page gets the request as the console sees it ({@link Visit}:
 * its session, if any, and what binds its forms); every POST passes the one anti-forgery check before its page
 * runs; and every answer passes through here, where a browser without a session gets the id its forms are bound to.
 */
final class ConsoleHttp {
    static final String SESSION_COOKIE = "scs_console";
    /** Before sign-in, the forms are bound to this random id (double-submit: the cookie and the form's token). */
    static final String PRE_COOKIE = "scs_console_pre";
    private static final int MAX_FORM_BYTES = 4096;
    /**
     * No answer to a link request comes sooner than this after the request began: a known address
     * costs three DynamoDB writes and an SES send (against the local emulator: median 30 ms, slowest of
     * 20 100 ms), an unknown one a single write, and the difference would tell who is a coordinator.
     * Far above the known path, so both answers take the floor (SECURITY.md).
     */
    static final Duration SIGN_IN_FLOOR = Duration.ofMillis(1200);
    /** The console's pages and sign-in mail (this package's resources), with its style sheet. */
    static final Renderer TEMPLATES = new Renderer("/se/smartcitysweden/booking/console/web/", "console.css");

    /** The request as the console sees it: its session (if any), what binds its forms, and when it began. */
    record Visit(HttpRequest request, Optional<ConsoleSessions.Session> session, String binding, boolean newBinding,
                 String csrf, long began) {
        /** A page's view, begun with the layout's part; the sign-out form in the header only if asked and signed in. */
        Map<String, Object> page(ConsoleWords words, String title, boolean signOut) {
            Map<String, Object> view = words.page(title);
            view.put("csrf", csrf);
            view.put("signedIn", signOut && session.isPresent());
            return view;
        }
    }

    private final ConsoleService service;
    private final ConsoleWords words;
    final Routes routes;

    /** Links to the booking pages, made for the base URL the e-mails' links use. */
    interface Links {
        BookingLinks forBaseUrl(String baseUrl);
    }

    ConsoleHttp(ConsoleService service, ConsoleWords words, BookingList list, Links links, String publicBaseUrl,
                Duration signInFloor) {
        this(service, words, list, links, publicBaseUrl, signInFloor, null);
    }

    /** @param feed the nodes' calendar feeds and their page; null: none (the routes answer 404) */
    ConsoleHttp(ConsoleService service, ConsoleWords words, BookingList list, Links links, String publicBaseUrl,
                Duration signInFloor, CalendarFeedPage feed) {
        this.service = service;
        this.words = words;
        SignInPage signIn = new SignInPage(service, words, publicBaseUrl, signInFloor);
        BookingsPage bookings = new BookingsPage(service, words, list, links, publicBaseUrl);
        ConsoleOverviewPage overview = new ConsoleOverviewPage(service, words);
        this.routes = new Routes("console", this::refused)
                .get("/console", visit(bookings::list))
                .get("/console/bookings/{id}", visit(bookings::open))
                .get("/console/overview", visit(overview::show))
                .get("/console/sign-in", visit(signIn::show))
                .post("/console/sign-in", visit(signIn::requestLink))
                .get("/console/sign-in/{token}", visit(signIn::confirm))
                .post("/console/sign-in/{token}", visit(signIn::signIn))
                .post("/console/sign-out", visit(signIn::signOut))
                .get("/console/calendar", visit(v -> feed == null ? message(words, v, 404, "notFound") : feed.show(v)))
                .post("/console/calendar", visit(v -> feed == null ? message(words, v, 404, "notFound") : feed.change(v)))
                .get("/console/calendar/{node}/{token}.ics", request -> feed == null ? message(words, null, 404, "notFound") : feed.feed(request));
    }

    private Function<HttpRequest, HttpAnswer> visit(Function<Visit, HttpAnswer> page) {
        return request -> {
            Visit visit = visit(request);
            return withBinding(visit, request.method().equals("POST") ? posted(visit, page) : page.apply(visit));
        };
    }

    private Visit visit(HttpRequest request) {
        long began = System.nanoTime();
        Optional<ConsoleSessions.Session> session = service.session(request.cookie(SESSION_COOKIE), service.now());
        String pre = request.cookie(PRE_COOKIE);
        boolean fresh = session.isEmpty() && (pre == null || !pre.matches("[A-Za-z0-9_-]{43}"));
        String binding = session.map(ConsoleSessions.Session::id).orElse(fresh ? ConsoleSessions.randomId() : pre);
        return new Visit(request, session, binding, fresh, service.sessions().csrf(binding), began);
    }

    /** The one anti-forgery check: every form carries the token bound to this browser's session (or pre-session). */
    private HttpAnswer posted(Visit visit, Function<Visit, HttpAnswer> page) {
        HttpRequest request = visit.request();
        if (request.mediaType() != HttpRequest.MediaType.FORM || request.bodyProblem(MAX_FORM_BYTES).isPresent()) {
            return message(words, visit, 415, "unsupported");
        }
        if (visit.newBinding() || !service.sessions().csrfMatches(visit.binding(), request.form().values().get("csrf"))) {
            Log.info("console.refused").field("code", "csrf").field("status", 403).write();
            return message(words, visit, 403, "csrf");
        }
        return page.apply(visit);
    }

    /** A browser without a session gets its pre-session id with the first answer that sets no cookie. */
    private static HttpAnswer withBinding(Visit visit, HttpAnswer answer) {
        return visit.newBinding() && answer.cookies().isEmpty() ? answer.withCookie(cookie(PRE_COOKIE, visit.binding(), 3600)) : answer;
    }

    private HttpAnswer refused(HttpRequest request, Routes.Refusal refusal) {
        if (refusal == Routes.Refusal.NOT_FOUND) return message(words, null, 404, "notFound");
        if (refusal == Routes.Refusal.UNAVAILABLE) return message(words, null, 503, "unavailable");
        Visit visit = visit(request);
        return withBinding(visit, message(words, visit, 405, "method"));
    }

    /** A short page: what went wrong, and for a refused link or form the way to a new one; with a session, its sign-out. */
    static HttpAnswer message(ConsoleWords words, Visit visit, int status, String key) {
        if (status != 503 && status != 403) Log.info("console.refused").field("code", key).field("status", status).write();
        Map<String, Object> view = visit == null ? words.page(words.get("error." + key + ".title"))
                : visit.page(words, words.get("error." + key + ".title"), true);
        view.put("paragraphs", List.of(words.get("error." + key)));
        if (key.equals("linkRefused") || key.equals("csrf")) view.put("link", Map.of("href", "/console/sign-in", "text", words.get("signin.again")));
        return TEMPLATES.page(status, "message", view);
    }

    /** 303 See Other, with cookies to set. */
    static HttpAnswer seeOther(String location, String... cookies) {
        HttpAnswer answer = HttpAnswer.seeOther(location, TEMPLATES.styleSheet());
        for (String cookie : cookies) answer = answer.withCookie(cookie);
        return answer;
    }

    /** The session cookie's rules, and the pre-session one's: never readable by script, HTTPS only, this site only. */
    static String cookie(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/console; Secure; HttpOnly; SameSite=Strict";
    }
}
