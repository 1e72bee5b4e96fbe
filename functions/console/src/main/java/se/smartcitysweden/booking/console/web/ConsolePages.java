package se.smartcitysweden.booking.console.web;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.console.BookingList;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.notification.MailWords;

/**
 * The console's pages: one Mustache template each (HTML-escaped), a shared head and foot, and
 * the words of the coordinators' language ({@code Console_<lang>.properties}, with the e-mails'
 * words for countries and dates). Java assembles data here, the templates the markup.
 */
final class ConsolePages {
    private static final String FOLDER = "/se/smartcitysweden/booking/console/web/";
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(true).defaultValue("")
            .withLoader(name -> new StringReader(read(name + ".mustache")));
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();
    /** The one inline style sheet; the shared Content-Security-Policy allows it by its hash. */
    static final String CSS = read("console.css");
    /** The overview page's one style sheet: the console's and the charts' (the CSP hashes it whole). */
    static final String OVERVIEW_CSS = CSS + "\n" + se.smartcitysweden.booking.overview.NationalOverview.css();
    static final List<String> STATUS_FILTERS = List.of("open", "all", "submitted", "acknowledged", "confirmed", "completed",
            "followed-up", "declined", "cancelled");

    /** What the list was asked for, shown again in the filter form. */
    record Filter(String status, LocalDate from, LocalDate to, String search, String node) { }

    /** The words of one language. */
    static final class Words {
        private final ResourceBundle bundle;
        private final MailWords mail;
        private final Map<String, Object> all = new HashMap<>();

        Words(Language language) {
            this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.console.web.Console", language.locale(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            this.mail = new MailWords(language);
            // Templates name a word as {{t.list_title}}: Mustache reads dots as nesting.
            for (String key : bundle.keySet()) all.put(key.replace('.', '_').replace('-', '_'), bundle.getString(key));
        }

        String get(String key) {
            return bundle.getString(key);
        }

        String format(String key, Object... arguments) {
            return new MessageFormat(bundle.getString(key), mail.language().locale()).format(arguments);
        }

        String country(String code) {
            return code == null || code.isBlank() ? "" : mail.country(code);
        }

        /** A short date for the list's narrow columns: 9 jan. 2027, 9 Jan 2027. */
        String date(LocalDate date) {
            return java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", mail.language().locale()).format(date);
        }

        Language language() {
            return mail.language();
        }
    }

    private final Words words;

    ConsolePages(Language language) {
        this.words = new Words(language);
    }

    Words words() {
        return words;
    }

    String signIn(String csrf, boolean sent, boolean signedIn) {
        Map<String, Object> context = base(words.get("signin.title"), csrf, false);
        context.put("sent", sent);
        context.put("signedIn", signedIn);
        context.put("minutes", words.format("signin.sent", 15));
        return render("signin", context);
    }

    String signInConfirm(String csrf, String token) {
        Map<String, Object> context = base(words.get("confirm.title"), csrf, false);
        context.put("token", token);
        return render("confirm", context);
    }

    String message(String key, String csrf) {
        Map<String, Object> context = base(words.get("error." + key + ".title"), csrf, csrf != null);
        context.put("text", words.get("error." + key));
        context.put("signInAgain", key.equals("linkRefused") || key.equals("csrf"));
        return render("message", context);
    }

    String bookings(Principal principal, String csrf, List<BookingList.Row> rows, Filter filter, LocalDate today) {
        Map<String, Object> context = base(words.get("list.title"), csrf, true);
        context.put("who", principal.national() ? words.get("who.national")
                : words.format("who.node", principal.nodes().stream().map(Node::city).sorted().collect(Collectors.joining(", "))));
        context.put("national", principal.national() || principal.nodes().size() > 1);
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (String status : STATUS_FILTERS) {
            statuses.add(Map.of("value", status, "label", words.get("filter.status." + status), "selected", status.equals(filter.status())));
        }
        context.put("statuses", statuses);
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(Map.of("value", "", "label", words.get("filter.node.all"), "selected", filter.node().isEmpty()));
        for (Node node : Node.values()) {
            if (principal.sees(node)) nodes.add(Map.of("value", node.id(), "label", node.city(), "selected", node.id().equals(filter.node())));
        }
        context.put("nodes", nodes);
        context.put("from", filter.from().toString());
        context.put("to", filter.to().toString());
        context.put("q", filter.search());
        List<Map<String, Object>> shown = new ArrayList<>();
        for (BookingList.Row row : rows) shown.add(row(row, today));
        context.put("rows", shown);
        context.put("empty", shown.isEmpty());
        context.put("count", words.format("list.count", shown.size()));
        return render("list", context);
    }

    String overview(Principal principal, String csrf, String fragment, LocalDate from, LocalDate to, String node) {
        Map<String, Object> context = base(words.get("overview.title"), csrf, true);
        context.put("css", OVERVIEW_CSS);
        context.put("who", principal.national() ? words.get("who.national")
                : words.format("who.node", principal.nodes().stream().map(Node::city).sorted().collect(Collectors.joining(", "))));
        context.put("national", principal.national() || principal.nodes().size() > 1);
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(Map.of("value", "", "label", words.get("filter.node.all"), "selected", node.isEmpty()));
        for (Node n : Node.values()) {
            if (principal.sees(n)) nodes.add(Map.of("value", n.id(), "label", n.city(), "selected", n.id().equals(node)));
        }
        context.put("nodes", nodes);
        context.put("from", from.toString());
        context.put("to", to.toString());
        String query = "from=" + from + "&to=" + to + (node.isEmpty() ? "" : "&node=" + node);
        context.put("csvLink", "/console/overview?" + query + "&format=csv");
        context.put("xlsxLink", "/console/overview?" + query + "&format=xlsx");
        context.put("fragment", fragment);
        return render("overview", context);
    }

    private Map<String, Object> row(BookingList.Row row, LocalDate today) {
        Booking b = row.bookingCase().booking();
        BookingRequest r = b.request();
        Map<String, Object> m = new HashMap<>();
        m.put("id", b.id());
        m.put("reference", b.reference());
        m.put("node", b.node().city());
        m.put("statusId", b.status().id());
        m.put("status", words.get("status." + b.status().id()));
        m.put("age", words.format("age", row.ageDays()));
        BookingList.NextStep next = row.next();
        m.put("next", next.key().equals("none") ? "" : words.get("next." + next.key()));
        m.put("due", next.due().map(words::date).orElse(""));
        m.put("late", next.late(today));
        m.put("dates", row.bookingCase().workflow().visit()
                .map(v -> range(v.from(), v.to()))
                .orElse(r.preferredDates().stream().map(d -> range(d.from(), d.to())).collect(Collectors.joining("; "))));
        m.put("visitAgreed", row.bookingCase().workflow().visit().isPresent());
        m.put("organisation", r.contact().organisation() == null || r.contact().organisation().isBlank()
                ? r.organiser().map(BookingRequest.Organiser::organisation).orElse("") : r.contact().organisation());
        m.put("country", words.country(r.contact().country()));
        m.put("size", r.expectedParticipants());
        m.put("open", row.open());
        return m;
    }

    private String range(LocalDate from, LocalDate to) {
        return from.equals(to) ? words.date(from) : words.date(from) + " – " + words.date(to);
    }

    private Map<String, Object> base(String title, String csrf, boolean signedIn) {
        Map<String, Object> context = new HashMap<>();
        context.put("lang", words.language().code());
        context.put("title", title);
        context.put("css", CSS);
        context.put("t", words.all);
        context.put("csrf", csrf == null ? "" : csrf);
        context.put("signedIn", signedIn && csrf != null);
        return context;
    }


    private static String render(String name, Map<String, Object> context) {
        return renderHtml(name, context);
    }

    static String renderHtml(String name, Map<String, Object> context) {
        return CACHE.computeIfAbsent(name + ".html", n -> COMPILER.compile(read(n + ".mustache"))).execute(context);
    }

    /** A plain-text template: nothing escaped (it is no HTML). */
    static String renderText(String name, Map<String, Object> context) {
        return CACHE.computeIfAbsent(name + ".txt", n -> Mustache.compiler().escapeHTML(false).defaultValue("")
                .compile(read(n + ".mustache"))).execute(context);
    }

    static String read(String file) {
        try (InputStream in = ConsolePages.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) throw new IllegalStateException("no template " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
