package se.smartcitysweden.booking.console.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.console.BookingList;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.http.FormBody;
import se.smartcitysweden.booking.http.HtmlHeaders;
import se.smartcitysweden.booking.http.HttpBodies;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.overview.NationalOverview;

/**
 * The console's routes: {@code GET /console} (the bookings), {@code GET|POST /console/sign-in}
 * (ask for a link), {@code GET|POST /console/sign-in/{token}} (the link's page; its button uses the
 * link up: mail scanners that follow links change nothing), {@code POST /console/sign-out} and
 * {@code GET /console/bookings/{id}} (to the booking's manage page). Every answer passes through
 * {@link #answer}: the shared headers, and the cookies. Every POST passes the anti-forgery check in
 * {@link #handle} before anything else runs.
 */
final class ConsoleHttp {
    static final String SESSION_COOKIE = "scs_console";
    /** Before sign-in, the forms are bound to this random id (double-submit: the cookie and the form's token). */
    static final String PRE_COOKIE = "scs_console_pre";
    private static final Pattern PATH = Pattern.compile("/console(?:/(sign-in|sign-out|bookings|overview)(?:/([A-Za-z0-9_-]{1,64}))?)?/?");
    private static final int MAX_FORM_BYTES = 4096;
    /**
     * No answer to a link request comes sooner than this after the request began: a known address
     * costs three DynamoDB writes and an SES send (against the local emulator: median 30 ms, slowest of
     * 20 100 ms), an unknown one a single write, and the difference would tell who is a coordinator.
     * Far above the known path, so both answers take the floor (SECURITY.md).
     */
    static final Duration SIGN_IN_FLOOR = Duration.ofMillis(1200);

    /** Links to the booking pages, made for the base URL the e-mails' links use. */
    interface Links {
        BookingLinks forBaseUrl(String baseUrl);
    }

    private final ConsoleService service;
    private final ConsolePages pages;
    private final BookingList list;
    private final Links links;
    private final String publicBaseUrl;
    private final Duration signInFloor;

    ConsoleHttp(ConsoleService service, ConsolePages pages, BookingList list, Links links, String publicBaseUrl,
                Duration signInFloor) {
        this.signInFloor = signInFloor;
        this.service = service;
        this.pages = pages;
        this.list = list;
        this.links = links;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip();
    }

    /** The request as the console sees it: its session (if any) and what binds its forms. */
    private record Request(APIGatewayV2HTTPEvent event, String method, String page, String id,
                           Optional<ConsoleSessions.Session> session, String binding, boolean newBinding,
                           Map<String, String> form, long began) { }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        long began = System.nanoTime();
        String method = method(event);
        Matcher path = PATH.matcher(path(event));
        try {
            if (!path.matches()) return message(null, 404, "notFound");
            Instant now = service.now();
            Map<String, String> cookies = cookies(event);
            Optional<ConsoleSessions.Session> session = service.session(cookies.get(SESSION_COOKIE), now);
            String pre = cookies.get(PRE_COOKIE);
            boolean fresh = session.isEmpty() && (pre == null || !pre.matches("[A-Za-z0-9_-]{43}"));
            String binding = session.map(ConsoleSessions.Session::id).orElse(fresh ? ConsoleSessions.randomId() : pre);
            Request r = new Request(event, method, path.group(1) == null ? "" : path.group(1), path.group(2), session, binding,
                    fresh, Map.of(), began);
            if (method.equals("POST")) {
                Optional<Map<String, String>> form = form(event);
                if (form.isEmpty()) return message(r, 415, "unsupported");
                // The one anti-forgery check: every form carries the token bound to this browser's session (or pre-session).
                if (fresh || !service.sessions().csrfMatches(binding, form.get().get("csrf"))) {
                    Log.info("console.refused").field("code", "csrf").field("status", 403).write();
                    return message(r, 403, "csrf");
                }
                r = new Request(event, method, r.page(), r.id(), session, binding, false, form.get(), began);
            }
            return route(r);
        } catch (RuntimeException e) {
            // Never a 500: the cause's class in the log, a page asking to try again.
            Log.error("console.failed").field("status", 503).error(e).write();
            APIGatewayV2HTTPResponse response = message(null, 503, "unavailable");
            response.getHeaders().put("Retry-After", "5");
            return response;
        }
    }

    private APIGatewayV2HTTPResponse route(Request r) {
        return switch (r.page()) {
            case "" -> r.id() != null ? message(r, 404, "notFound") : r.method().equals("GET") ? bookings(r) : notAllowed(r, "GET");
            case "sign-in" -> r.id() == null
                    ? switch (r.method()) {
                        case "GET" -> answer(r, 200, pages.signIn(csrf(r), query(r, "sent") != null, r.session().isPresent()));
                        case "POST" -> requestLink(r);
                        default -> notAllowed(r, "GET, POST");
                    }
                    : switch (r.method()) {
                        case "GET" -> answer(r, 200, pages.signInConfirm(csrf(r), r.id()));
                        case "POST" -> signIn(r);
                        default -> notAllowed(r, "GET, POST");
                    };
            case "sign-out" -> r.id() == null && r.method().equals("POST") ? signOut(r) : notAllowed(r, "POST");
            case "bookings" -> r.id() != null && r.method().equals("GET") ? open(r) : notAllowed(r, "GET");
            case "overview" -> r.id() != null ? message(r, 404, "notFound") : r.method().equals("GET") ? overview(r) : notAllowed(r, "GET");
            default -> message(r, 404, "notFound");
        };
    }

    // ---- sign-in and sign-out ----

    private APIGatewayV2HTTPResponse requestLink(Request r) {
        // The same answer whether or not the address is in the directory, and at the same time.
        try {
            service.requestSignIn(r.form().getOrDefault("email", ""), baseUrl(r.event()));
        } finally {
            waitUntil(r.began() + signInFloor.toNanos());
        }
        return seeOther(r, "/console/sign-in?sent=1", List.of());
    }

    private static void waitUntil(long nanoTime) {
        try {
            for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
                Thread.sleep(Duration.ofNanos(left).toMillis() + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private APIGatewayV2HTTPResponse signIn(Request r) {
        Optional<ConsoleSessions.Session> session = service.signIn(r.id());
        if (session.isEmpty()) {
            Log.info("console.refused").field("code", "signin").field("status", 403).write();
            return message(r, 403, "linkRefused");
        }
        ConsoleSessions.Session s = session.get();
        long seconds = ConsoleSessions.SESSION.toSeconds();
        return seeOther(r, "/console", List.of(cookie(SESSION_COOKIE, service.sessions().cookieValue(s), seconds),
                cookie(PRE_COOKIE, "", 0)));
    }

    private APIGatewayV2HTTPResponse signOut(Request r) {
        r.session().ifPresent(service::signOut);
        return seeOther(r, "/console/sign-in", List.of(cookie(SESSION_COOKIE, "", 0)));
    }

    // ---- the bookings ----

    private APIGatewayV2HTTPResponse bookings(Request r) {
        if (r.session().isEmpty()) return seeOther(r, "/console/sign-in", List.of());
        ConsoleSessions.Session s = r.session().get();
        LocalDate today = service.today();
        LocalDate to = date(query(r, "to")).orElse(today);
        LocalDate from = date(query(r, "from")).orElse(to.minusDays(365));
        if (from.isAfter(to)) from = to;
        String status = Optional.ofNullable(query(r, "status")).filter(ConsolePages.STATUS_FILTERS::contains).orElse("open");
        String search = Optional.ofNullable(query(r, "q")).map(String::strip).orElse("");
        if (search.length() > 100) search = search.substring(0, 100);
        List<Node> asked = new ArrayList<>();
        Node.fromId(Optional.ofNullable(query(r, "node")).orElse("")).filter(n -> s.principal().sees(n)).ifPresent(asked::add);
        List<BookingCase> cases = service.bookings(s.principal(), asked, from, to);
        List<BookingList.Row> rows = list.rows(cases, status, search, today, pages.words()::country);
        return answer(r, 200, pages.bookings(s.principal(), csrf(r), rows, new ConsolePages.Filter(status, from, to, search,
                asked.isEmpty() ? "" : asked.get(0).id()), today));
    }

    /**
     * The overview of the nodes the person sees (the national office: all), for a period: a page
     * of charts and tables counted from the bookings' overview rows (a few items per node and
     * month), or the bookings themselves as a CSV for Swedish Excel or an .xlsx workbook
     * ({@code format=csv|xlsx}), read through the byNode index as the list is.
     */
    private APIGatewayV2HTTPResponse overview(Request r) {
        if (r.session().isEmpty()) return seeOther(r, "/console/sign-in", List.of());
        ConsoleSessions.Session s = r.session().get();
        LocalDate to = date(query(r, "to")).orElse(service.today());
        LocalDate from = date(query(r, "from")).orElse(to.minusDays(365));
        if (from.isAfter(to)) from = to;
        List<Node> asked = new ArrayList<>();
        Node.fromId(Optional.ofNullable(query(r, "node")).orElse("")).filter(n -> s.principal().sees(n)).ifPresent(asked::add);
        Set<Node> nodes = (asked.isEmpty() ? java.util.Arrays.stream(Node.values()).filter(s.principal()::sees).toList() : asked)
                .stream().collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(Node.class)));
        String format = Optional.ofNullable(query(r, "format")).orElse("");
        String name = "smart-city-sweden-visits-" + from + "-" + to;
        if (format.equals("csv") || format.equals("xlsx")) {
            List<BookingCase> cases = service.bookings(s.principal(), asked, from, to);
            NationalOverview overview = NationalOverview.of(cases, from, to, nodes, pages.words().language());
            return format.equals("csv") ? download(r, "text/csv; charset=utf-8", name + ".csv", overview.csv())
                    : download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx",
                    overview.xlsx());
        }
        NationalOverview overview = NationalOverview.ofRows(service.overviewRows(s.principal(), asked, from, to), from, to, nodes,
                pages.words().language());
        return respond(r, 200, HtmlHeaders.page(ConsolePages.OVERVIEW_CSS),
                pages.overview(s.principal(), csrf(r), overview.html(), from, to, asked.isEmpty() ? "" : asked.get(0).id()),
                List.of());
    }

    private APIGatewayV2HTTPResponse download(Request r, String contentType, String fileName, byte[] content) {
        Map<String, String> headers = HtmlHeaders.file(contentType);
        headers.put("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers)
                .withBody(java.util.Base64.getEncoder().encodeToString(content)).withIsBase64Encoded(true).build();
    }

    private APIGatewayV2HTTPResponse open(Request r) {
        if (r.session().isEmpty()) return seeOther(r, "/console/sign-in", List.of());
        Optional<BookingCase> found = service.open(r.session().get().principal(), r.id());
        // Unknown and another node's booking are answered alike.
        if (found.isEmpty()) return message(r, 404, "notFound");
        String manage = links.forBaseUrl(baseUrl(r.event())).manage(found.get().booking(), service.now());
        return seeOther(r, manage, List.of());
    }

    // ---- answers: every one passes through here ----

    private APIGatewayV2HTTPResponse answer(Request r, int status, String html) {
        return respond(r, status, HtmlHeaders.page(ConsolePages.CSS), html, List.of());
    }

    private APIGatewayV2HTTPResponse seeOther(Request r, String location, List<String> cookies) {
        Map<String, String> headers = HtmlHeaders.page(ConsolePages.CSS);
        headers.put("Location", location);
        return respond(r, 303, headers, "", cookies);
    }

    private APIGatewayV2HTTPResponse respond(Request r, int status, Map<String, String> headers, String body, List<String> cookies) {
        List<String> all = new ArrayList<>(cookies);
        // A browser without a session gets its pre-session id with the first page that holds a form.
        if (r != null && r.newBinding() && cookies.isEmpty()) all.add(cookie(PRE_COOKIE, r.binding(), 3600));
        APIGatewayV2HTTPResponse.APIGatewayV2HTTPResponseBuilder builder = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status).withHeaders(headers).withBody(body);
        if (!all.isEmpty()) builder.withCookies(all);
        return builder.build();
    }

    private APIGatewayV2HTTPResponse message(Request r, int status, String key) {
        if (status != 503 && status != 403) Log.info("console.refused").field("code", key).field("status", status).write();
        return respond(r, status, HtmlHeaders.page(ConsolePages.CSS), pages.message(key, r != null && r.session().isPresent()
                ? csrf(r) : null), List.of());
    }

    private APIGatewayV2HTTPResponse notAllowed(Request r, String allow) {
        APIGatewayV2HTTPResponse response = message(r, 405, "method");
        response.getHeaders().put("Allow", allow);
        return response;
    }

    /** The session cookie's rules, and the pre-session one's: never readable by script, HTTPS only, this site only. */
    static String cookie(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/console; Secure; HttpOnly; SameSite=Strict";
    }

    private String csrf(Request r) {
        return service.sessions().csrf(r.binding());
    }

    // ---- the request ----

    private static Map<String, String> cookies(APIGatewayV2HTTPEvent event) {
        Map<String, String> cookies = new HashMap<>();
        List<String> list = event.getCookies() == null ? List.of() : event.getCookies();
        for (String cookie : list) {
            for (String part : cookie.split(";")) {
                int equals = part.indexOf('=');
                if (equals > 0) cookies.putIfAbsent(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        return cookies;
    }

    /** A url-encoded form's first value per name; empty when the body is of another type or too large. */
    private static Optional<Map<String, String>> form(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        if (HttpBodies.mediaType(headers.get("content-type")) != HttpBodies.MediaType.FORM) return Optional.empty();
        byte[] raw = HttpBodies.bytes(event.getBody(), event.getIsBase64Encoded()).orElse(new byte[0]);
        if (raw.length > MAX_FORM_BYTES) return Optional.empty();
        Optional<String> text = HttpBodies.utf8(raw);
        if (text.isEmpty()) return Optional.empty();
        Map<String, String> fields = new LinkedHashMap<>();
        FormBody.parse(text.get()).fields().forEach(f -> fields.putIfAbsent(f.getKey(), f.getValue()));
        return Optional.of(fields);
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        String routeKey = event.getRouteKey();
        return routeKey != null && routeKey.contains(" ") ? routeKey.substring(0, routeKey.indexOf(' ')).toUpperCase(Locale.ROOT) : "";
    }

    private static String path(APIGatewayV2HTTPEvent event) {
        String path = event.getRawPath();
        if (path == null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            path = event.getRequestContext().getHttp().getPath();
        }
        return path == null ? "" : path;
    }

    private static String query(Request r, String name) {
        Map<String, String> parameters = r.event().getQueryStringParameters();
        return parameters == null ? null : parameters.get(name);
    }

    private static Optional<LocalDate> date(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Where the e-mails' links point: the configured address, else the host the request came to. */
    private String baseUrl(APIGatewayV2HTTPEvent event) {
        if (!publicBaseUrl.isEmpty()) return publicBaseUrl;
        String domain = event.getRequestContext() == null ? null : event.getRequestContext().getDomainName();
        return domain == null || domain.isBlank() ? "" : "https://" + domain;
    }
}
