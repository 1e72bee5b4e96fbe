package se.smartcitysweden.booking.localruntime;

import static se.smartcitysweden.booking.localruntime.MailGallery.DIRECTORY;
import static se.smartcitysweden.booking.localruntime.MailGallery.LINKS;
import static se.smartcitysweden.booking.localruntime.MailGallery.SENDER;
import static se.smartcitysweden.booking.localruntime.MailGallery.VISIT;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.console.web.ConsoleHandler;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.localruntime.PageGallery.Page;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.manage.ManageBookingHandler;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.MailSelfService;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.BookingRepository;
import se.smartcitysweden.booking.port.ConsoleStore;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.IdempotencyRecord;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.StorageUnavailableException;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.submit.SubmitBookingHandler;

/**
 * One visit to the site for one gallery page: the functions' real handlers (manage, console, submit) over
 * stores kept in memory that hold one sample booking, at a fixed moment, asked by a browser that speaks
 * the entry's language, keeps cookies and follows redirects. Nothing is kept between pages.
 */
final class PageSite {
    private static final byte[] CONSOLE_SECRET = "the-local-gallery-console-secret-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final String COORDINATOR = "ume@smartcitysweden.example";

    /** The browser's language (its Accept-Language); the functions' own language is the entry's. */
    private final Language language;
    private final Map<String, BookingCase> cases = new LinkedHashMap<>();
    private final List<EmailMessage> sent = new ArrayList<>();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final ManageBookingHandler manage;
    private final ConsoleHandler console;
    private final SubmitBookingHandler submit;
    private final GalleryMailLog mailLog = new GalleryMailLog();

    /** The sample's mails as the log holds them (sent before the page is drawn). */
    PageSite withMails(List<se.smartcitysweden.booking.port.MailLog.Sent> mails) {
        cases.keySet().forEach(id -> mails.forEach(m -> mailLog.sent(id, m)));
        return this;
    }

    /** This browser said who it is on the manage page (the cookie the "who are you?" form sets). */
    PageSite as(String address) {
        cookies.put("scs_manage_who", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(address.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** The mail log in memory. */
    private static final class GalleryMailLog implements se.smartcitysweden.booking.port.MailLog {
        private final Map<String, List<Sent>> mails = new LinkedHashMap<>();

        public void sent(String bookingId, Sent mail) {
            List<Sent> list = mails.computeIfAbsent(bookingId, id -> new ArrayList<>());
            if (list.stream().noneMatch(m -> m.messageId().equals(mail.messageId()))) list.add(mail);
        }

        public void reported(String bookingId, String messageId, String report) { }

        public List<Sent> of(String bookingId) {
            return mails.getOrDefault(bookingId, List.of()).stream().sorted(java.util.Comparator.comparing(Sent::at)).toList();
        }

        public void erase(String bookingId) { }
    }

    PageSite(Language language, BookingCase sample, Instant now) {
        this(language, now, Optional.empty());
        cases.put(sample.id(), sample);
    }

    /** The same, asked by a browser that speaks another language than the booking and the coordinators. */
    static PageSite askedIn(Language browser, BookingCase sample, Instant now) {
        PageSite site = new PageSite(browser, sample.booking().request().language(), now, Optional.empty());
        site.cases.put(sample.id(), sample);
        return site;
    }

    /** Every read and write of the store fails (certainly, or with its outcome unknown). */
    static PageSite failing(Language language, Instant now) {
        return new PageSite(language, now, Optional.of(new StorageUnavailableException("the gallery's store is down", null)));
    }

    static PageSite uncertain(Language language, Instant now) {
        return new PageSite(language, now, Optional.of(StorageUnavailableException.outcomeUnknown("the gallery's store timed out", null)));
    }

    private PageSite(Language language, Instant now, Optional<StorageUnavailableException> down) {
        this(language, language, now, down);
    }

    /** @param language the browser's; @param site the coordinators' and the mails' */
    private PageSite(Language language, Language site, Instant now, Optional<StorageUnavailableException> down) {
        this.language = language;
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        MailSender outbox = message -> {
            sent.add(message);
            return "gallery-" + sent.size();
        };
        Cases store = new Cases(down);
        FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden(), PersonalData.fromEnv(Map.of()));
        CaseMails mails = new CaseMails(SENDER, DIRECTORY, LINKS, site);
        // The history names people as in prod: the directory's, the console's links by its keyed hash; every mail is logged.
        MailSender logged = new se.smartcitysweden.booking.notification.RecordingMailSender(outbox, mailLog, clock);
        var service = new se.smartcitysweden.booking.workflow.CaseService(store, LINKS.signer(), plan,
                new MailVisitorNotices(mails, logged), clock,
                new se.smartcitysweden.booking.notification.DirectoryStaff(DIRECTORY,
                        new se.smartcitysweden.booking.console.ConsoleSessions(CONSOLE_SECRET)::who), mailLog);
        manage = new ManageBookingHandler(service, new VisitorService(store, service, plan, WorkingDays.sweden(),
                new MailSelfService(mails, logged), clock), DIRECTORY, site, clock);
        console = new ConsoleHandler(store, feeds, CONSOLE_SECRET, DIRECTORY, outbox, SENDER, site, LINKS.baseUrl(), clock, Duration.ZERO);
        submit = new SubmitBookingHandler(new SubmitBookingService(store, clock, ReferenceGenerator.secure(),
                SubmitBookingService.randomIds()));
    }

    Page get(String url) {
        return send("GET", url, null, 0);
    }

    Page post(String url, Map<String, String> form) {
        return send("POST", url, form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&")), 0);
    }

    /** The booking form posted without JavaScript. */
    Page submit(Map<String, String> form) {
        return post(LINKS.baseUrl() + "/bookings", form);
    }

    Page console(String path) {
        return get(LINKS.baseUrl() + path);
    }

    /** A coordinator asks for a sign-in link: the page that says it is on its way. */
    Page consoleLinkSent() {
        Page signIn = console("/console/sign-in");
        return post(LINKS.baseUrl() + "/console/sign-in", Map.of("email", COORDINATOR, "csrf", csrf(signIn)));
    }

    /** The coordinator opens the mailed link: the page that asks them to sign in with it. */
    Page consoleSignInLink() {
        consoleLinkSent();
        Matcher link = Pattern.compile(Pattern.quote(LINKS.baseUrl()) + "/console/sign-in/[A-Za-z0-9_-]+")
                .matcher(sent.get(sent.size() - 1).text());
        if (!link.find()) throw new IllegalStateException("no sign-in link mailed");
        return get(link.group());
    }

    /** A console page, signed in as the Umeå coordinator. */
    Page signedIn(String path) {
        signIn(consoleSignInLink());
        return console(path);
    }

    /** The console's calendar feeds page after making Umeå's feed (its URL shown once). */
    Page consoleFeedMade() {
        Page page = signedIn("/console/calendar");
        return post(LINKS.baseUrl() + "/console/calendar", Map.of("csrf", csrf(page), "node", "umea", "op", "renew"));
    }

    /** The nodes' calendar feeds, in memory (the table's FEED#<node> items). */
    private final Map<se.smartcitysweden.booking.domain.Node, se.smartcitysweden.booking.port.CalendarFeeds.Feed> feedItems = new java.util.EnumMap<>(se.smartcitysweden.booking.domain.Node.class);
    private final se.smartcitysweden.booking.port.CalendarFeeds feeds = new se.smartcitysweden.booking.port.CalendarFeeds() {
        public java.util.Optional<Feed> feed(se.smartcitysweden.booking.domain.Node node) { return java.util.Optional.ofNullable(feedItems.get(node)); }
        public void save(se.smartcitysweden.booking.domain.Node node, String hash, Instant at) { feedItems.put(node, new Feed(hash, at)); }
        public void revoke(se.smartcitysweden.booking.domain.Node node) { feedItems.remove(node); }
    };

    /** The sign-in link used a second time: refused. */
    Page consoleLinkUsedUp() {
        Page confirm = consoleSignInLink();
        signIn(confirm);
        return signIn(confirm);
    }

    private Page signIn(Page confirm) {
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(confirm.html());
        if (!action.find()) throw new IllegalStateException("no sign-in form");
        return post(URI.create(LINKS.baseUrl() + "/console/sign-in/x").resolve(action.group(1).replace("&amp;", "&")).toString(),
                Map.of("csrf", csrf(confirm)));
    }

    private static String csrf(Page page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(page.html());
        if (!m.find()) throw new IllegalStateException("no csrf field on the page");
        return m.group(1);
    }

    /** The request as API Gateway's event to the function of its path; a 303 is followed as a browser does. */
    private Page send(String method, String url, String body, int redirects) {
        URI uri = URI.create(url);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        Map<String, String> headers = new HashMap<>(Map.of("accept", "text/html,application/xhtml+xml,*/*;q=0.8",
                "accept-language", language == Language.SV ? "sv-SE,sv;q=0.9" : "en-GB,en;q=0.9",
                "host", uri.getHost(), "x-forwarded-proto", "https"));
        if (body != null) {
            headers.put("content-type", "application/x-www-form-urlencoded");
            headers.put("origin", LINKS.baseUrl());
        }
        event.setHeaders(headers);
        event.setRawPath(uri.getRawPath());
        event.setRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        if (uri.getRawQuery() != null) {
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            event.setQueryStringParameters(query);
        }
        if (!cookies.isEmpty()) event.setCookies(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(APIGatewayV2HTTPEvent.RequestContext.Http
                .builder().withMethod(method).withPath(uri.getRawPath()).withSourceIp("203.0.113.7").build()).build());
        Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function = uri.getRawPath().startsWith("/console")
                ? e -> console.handleRequest(e, null) : uri.getRawPath().equals("/bookings")
                ? e -> submit.handleRequest(e, null) : e -> manage.handleRequest(e, null);
        APIGatewayV2HTTPResponse answer = function.apply(event);
        if (answer.getCookies() != null) {
            for (String set : answer.getCookies()) {
                String pair = set.split(";", 2)[0];
                if (set.contains("Max-Age=0")) cookies.remove(pair.substring(0, pair.indexOf('=')));
                else cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        String location = answer.getHeaders() == null ? null : answer.getHeaders().get("Location");
        if ((answer.getStatusCode() == 303 || answer.getStatusCode() == 302) && location != null && redirects < 3) {
            return send("GET", uri.resolve(location).toString(), null, redirects + 1);
        }
        return new Page(answer.getStatusCode(), answer.getBody());
    }

    /** The booking form as a visitor fills it in (no JavaScript): valid, or with a blank participant row and errors after it. */
    static Map<String, String> bookingForm(Language language, boolean valid) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("node", "umea");
        form.put("language", language.code());
        form.put("mainGoal", "learning");
        form.put("purpose", language == Language.SV ? "Vi vill se hur Umeå planerar fjärrvärme." : "We want to see how Umeå plans district heating.");
        form.put("focusAreas", "energy");
        form.put("preferredDates[0].from", VISIT.plusDays(28).toString());
        form.put("preferredDates[0].to", VISIT.plusDays(29).toString());
        form.put("expectedParticipants", "4");
        form.put("participants[0].name", "Ingrid Sørensen");
        form.put("participants[0].email", "ingrid@aarhus.example");
        // A row left blank, then one whose address is wrong: the errors page must name the row the visitor sees.
        form.put("participants[1].name", "");
        form.put("participants[1].email", "");
        form.put("participants[2].name", "Lars Holm");
        form.put("participants[2].email", valid ? "lars.holm@aarhus.example" : "lars.holm(at)aarhus");
        form.put("contact.name", "Mette Jensen");
        form.put("contact.email", valid ? "mette.jensen@aarhus.example" : "");
        form.put("contact.country", "DK");
        form.put("acceptsCosts", "true");
        form.put("consent", "true");
        form.put("website", "");
        form.put("idempotencyKey", "0b7e2c1a-5d3f-4e8a-9c6b-1f2e3d4c5b6a");
        return form;
    }

    /** The one store of this visit: the booking cases, what the submit function creates, and the console's sign-ins. */
    private final class Cases implements BookingCaseRepository, BookingRepository, ConsoleStore {
        private final Optional<StorageUnavailableException> down;
        private final Map<String, Principal> signIns = new HashMap<>();
        private final Map<String, Instant> sessions = new HashMap<>();

        Cases(Optional<StorageUnavailableException> down) {
            this.down = down;
        }

        private void up() {
            if (down.isPresent()) throw down.get();
        }

        @Override public Optional<BookingCase> load(String id) {
            up();
            return Optional.ofNullable(cases.get(id));
        }

        @Override public boolean save(BookingCase changed, Optional<Instant> nextDue, Instant now) {
            up();
            cases.put(changed.id(), changed);
            return true;
        }

        @Override public List<BookingCase> due(Instant now) { return List.of(); }

        @Override public List<BookingCase> submittedSince(Node node, Instant since) { return ofNode(node, since, Instant.MAX); }

        @Override public boolean claimOnce(String key, Instant now, Duration keep) { return true; }

        @Override public void releaseOnce(String key) { }

        @Override public CreateResult create(Booking booking, Optional<IdempotencyRecord> idempotency) {
            up();
            cases.put(booking.id(), new BookingCase(booking, 1, Workflow.empty(), "pending"));
            return new CreateResult.Created();
        }

        @Override public Optional<Booking> findById(String id) {
            return load(id).map(BookingCase::booking);
        }

        @Override public List<BookingCase> ofNode(Node node, Instant from, Instant to) {
            up();
            return cases.values().stream().filter(c -> c.booking().request().node() == node && !c.booking().createdAt().isBefore(from)
                    && c.booking().createdAt().isBefore(to)).toList();
        }

        @Override public List<OverviewRow> overviewRows(Collection<Node> nodes, LocalDate from, LocalDate to) {
            return cases.values().stream().filter(c -> nodes.contains(c.booking().request().node())).map(OverviewRow::of).toList();
        }

        @Override public void issueSignIn(String tokenHash, Principal principal, Instant expiresAt) { signIns.put(tokenHash, principal); }

        @Override public Optional<Principal> consumeSignIn(String tokenHash, Instant now) {
            return Optional.ofNullable(signIns.remove(tokenHash));
        }

        @Override public void startSession(String idHash, Instant expiresAt) { sessions.put(idHash, expiresAt); }

        @Override public boolean sessionActive(String idHash, Instant now) { return sessions.containsKey(idHash); }

        @Override public void endSession(String idHash) { sessions.remove(idHash); }

        @Override public void audit(AuditEntry entry) { }

        @Override public boolean count(String key, String occurrence, int limit, Instant expiresAt) { return true; }
    }
}
