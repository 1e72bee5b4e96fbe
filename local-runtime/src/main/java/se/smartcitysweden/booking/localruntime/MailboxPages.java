package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.Attachment;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;

/**
 * The local mailbox: the e-mails the local SES accepted, as their recipients would see them.
 *
 * <ul>
 *   <li>{@code GET /_local/mail}: every e-mail, newest first (time, from, to, cc, subject, attachments);</li>
 *   <li>{@code GET /_local/mail/<n>}: e-mail n (1 is the first one sent): its headers, its HTML part in
 *       a sandboxed frame (no scripts; links open in a new tab), its text part, its attachments;</li>
 *   <li>{@code GET /_local/mail/<n>/attachments/<i>}: attachment i (from 0), as a download;</li>
 *   <li>{@code GET /_local/mail/<n>/raw}: the MIME source.</li>
 * </ul>
 *
 * Read from the emulator ({@link LocalMailbox}: moto's stored raw messages) when a page is asked
 * for, never in the background: a look makes moto dump its whole state ({@code data.json}), which
 * holds its one Python thread meanwhile (looking after every invocation, even rarely, doubled the
 * local load test's p95: 2.6 s without, 7-10 s with). SES adds a Date header to messages that have
 * none; moto does not, so such an e-mail shows when SES accepted it (the event destination saw
 * the send), or else when a page first showed it.
 */
final class MailboxPages implements HttpHandler, AutoCloseable {
    static final String PATH = "/_local/mail";
    private static final Pattern MESSAGE = Pattern.compile("^/_local/mail/(\\d{1,9})(/raw|/attachments/(\\d{1,4}))?/?$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final LocalMailbox mailbox;
    private final java.net.URI endpoint;
    private final ZoneId zone;
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    /** The local runtime's simulated time, shown (and set) under the heading; null: the real time only. */
    private volatile ClockPage clock;
    MailboxPages(java.net.URI endpoint, ZoneId zone) {
        this.mailbox = new LocalMailbox(endpoint);
        this.endpoint = endpoint;
        this.zone = zone;
    }

    @Override
    public void close() {
        // nothing runs in the background
    }

    private volatile SesEventDestination events;

    /** Offers "bounce" and "complaint" buttons on each message SES accepted through {@code events}. */
    void offerEvents(SesEventDestination events) {
        this.events = events;
    }

    /** A mail with what the pages show besides its content. */
    record Entry(int number, SentMail mail, Instant time, boolean timeFromHeader) { }

    /** Shows the simulated time and its control on the list; the messages' times are then the simulated ones. */
    void clock(ClockPage page) {
        this.clock = page;
    }

    /**
     * The mails of the last read of the emulator. The list page always reads anew (and so sees a reset, which
     * empties moto's mail); a mail's own page reads only when its number is not among these.
     */
    private volatile List<Entry> lastRead = List.of();

    /** Every accepted e-mail, numbered from 1 in the order they were sent. */
    List<Entry> messages() {
        List<SentMail> mails = mailbox.messages();
        List<Entry> entries = new ArrayList<>(mails.size());
        ClockPage simulated = clock;
        Instant now = simulated == null ? Instant.now() : simulated.clock().instant();
        for (int i = 0; i < mails.size(); i++) {
            SentMail mail = mails.get(i);
            SesEventDestination destination = events;
            Instant seen = firstSeen.computeIfAbsent(mail.messageId(), id -> destination == null ? now
                    : destination.sent(id).map(SesEventDestination.Sent::at).orElse(now));
            Instant sent = sentDate(mail.raw());
            // With the simulated clock, the time the local SES took the mail (stamped with that clock) is the one shown.
            boolean simulatedSend = simulated != null && destination != null && destination.sent(mail.messageId()).isPresent();
            entries.add(new Entry(i + 1, mail, sent != null && !simulatedSend ? sent : seen, sent != null && !simulatedSend));
        }
        lastRead = List.copyOf(entries);
        return entries;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = HttpExchanges.method(exchange);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                Html.send(exchange, 405, Html.page("Method not allowed", "<main><p>Only GET here.</p></main>"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            Matcher matcher = MESSAGE.matcher(path);
            int number = matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
            // A mail the last read numbered is shown from it: moto only appends, and each read dumps its whole
            // state (a test looking through a busy mailbox, page by page, used to make one dump per page).
            List<Entry> entries = lastRead;
            try {
                if (number < 1 || number > entries.size()) entries = messages();
            } catch (RuntimeException e) {
                Html.send(exchange, 502, Html.page("Local mailbox", "<main><h1>Local mailbox</h1><p>The AWS emulator "
                        + "does not answer: " + Html.escape(e.getMessage()) + "</p></main>"));
                return;
            }
            if (path.equals(PATH) || path.equals(PATH + "/")) {
                Html.send(exchange, 200, listPage(entries));
                return;
            }
            if (number < 1 || number > entries.size()) {
                Html.send(exchange, 404, Html.page("Not found", "<main><h1>No such e-mail</h1><p><a href=\"" + PATH
                        + "\">All e-mails</a></p></main>"));
                return;
            }
            Entry entry = entries.get(number - 1);
            if (matcher.group(2) == null) {
                Html.send(exchange, 200, messagePage(entry, entries.size()));
            } else if (matcher.group(2).startsWith("/raw")) {
                sendBytes(exchange, "text/plain; charset=utf-8", null, entry.mail().raw().getBytes(StandardCharsets.UTF_8));
            } else {
                int index = Integer.parseInt(matcher.group(3));
                List<Attachment> attachments = entry.mail().attachments();
                if (index >= attachments.size()) {
                    Html.send(exchange, 404, Html.page("Not found", "<main><h1>No such attachment</h1></main>"));
                    return;
                }
                Attachment attachment = attachments.get(index);
                sendBytes(exchange, attachment.contentType() == null ? "application/octet-stream"
                                : attachment.contentType().replaceAll("[\\r\\n]", " "),
                        fileName(attachment, index), attachment.content());
            }
        } finally {
            exchange.close();
        }
    }

    private String listPage(List<Entry> entries) {
        StringBuilder body = new StringBuilder();
        body.append("<header><h1>Local mailbox</h1><p>E-mails the local SES (").append(Html.escape(
                endpoint.toString())).append(") accepted, newest first: ")
                .append(entries.size()).append(entries.size() == 1 ? " e-mail" : " e-mails")
                .append(". <a href=\"").append(PATH).append("\">Refresh</a></p>")
                .append(clock == null ? "" : clock.control(PATH)).append("</header>\n<main>\n");
        if (entries.isEmpty()) {
            body.append("<p class=\"empty\">No e-mails yet. Post a booking (the form at <a href=\"/\">/</a>) and "
                    + "reload in a few seconds.</p>");
        } else {
            body.append("<table><thead><tr><th>#</th><th>Time</th><th>From</th><th>To</th><th>Cc</th><th>Subject</th>"
                    + "<th>Attachments</th></tr></thead><tbody>\n");
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry entry = entries.get(i);
                SentMail mail = entry.mail();
                String link = PATH + "/" + entry.number();
                body.append("<tr><td class=\"num\"><a href=\"").append(link).append("\">").append(entry.number())
                        .append("</a></td><td class=\"time\">").append(time(entry)).append("</td><td class=\"address\">")
                        .append(Html.escape(mail.from())).append("</td><td class=\"address\">").append(addresses(mail.to()))
                        .append("</td><td class=\"address\">").append(addresses(mail.cc()))
                        .append("</td><td class=\"subject\"><a href=\"")
                        .append(link).append("\">").append(mail.subject() == null || mail.subject().isBlank()
                                ? "(no subject)" : Html.escape(mail.subject()))
                        .append("</a></td><td>");
                List<Attachment> attachments = mail.attachments();
                for (int a = 0; a < attachments.size(); a++) {
                    if (a > 0) body.append("<br>");
                    body.append("<a href=\"").append(link).append("/attachments/").append(a).append("\">")
                            .append(Html.escape(fileName(attachments.get(a), a))).append("</a>");
                }
                body.append("</td></tr>\n");
            }
            body.append("</tbody></table>");
        }
        body.append("\n</main>");
        return Html.page("Local mailbox (" + entries.size() + ")", body.toString());
    }

    private String messagePage(Entry entry, int count) {
        SentMail mail = entry.mail();
        String link = PATH + "/" + entry.number();
        String subject = mail.subject() == null || mail.subject().isBlank() ? "(no subject)" : mail.subject();
        StringBuilder body = new StringBuilder();
        body.append("<header><nav><a href=\"").append(PATH).append("\">All e-mails</a>");
        if (entry.number() > 1) body.append("<a href=\"").append(PATH).append('/').append(entry.number() - 1).append("\">Older</a>");
        if (entry.number() < count) body.append("<a href=\"").append(PATH).append('/').append(entry.number() + 1).append("\">Newer</a>");
        body.append("<a href=\"").append(link).append("/raw\">MIME source</a></nav><h1>").append(Html.escape(subject))
                .append("</h1></header>\n<main>\n<dl class=\"headers\">");
        header(body, "From", Html.escape(mail.from()));
        header(body, "To", addresses(mail.to()));
        if (!mail.cc().isEmpty()) header(body, "Cc", addresses(mail.cc()));
        if (!mail.replyTo().isEmpty()) header(body, "Reply-To", addresses(mail.replyTo()));
        header(body, entry.timeFromHeader() ? "Date" : "Sent", time(entry));
        header(body, "SES message id", "<span class=\"muted\">" + Html.escape(mail.messageId()) + "</span>");
        body.append("</dl>\n");
        SesEventDestination destination = events;
        if (destination != null && destination.hasRules() && destination.sent(mail.messageId()).isPresent()) {
            // What SES would report later: a recipient's server refusing the mail, or a recipient marking it as spam.
            for (String recipient : destination.sent(mail.messageId()).get().recipients()) {
                body.append("<form class=\"ses-event\" method=\"post\" action=\"").append(SesEventDestination.PATH)
                        .append("\"><input type=\"hidden\" name=\"message\" value=\"").append(Html.escape(mail.messageId()))
                        .append("\"><input type=\"hidden\" name=\"recipient\" value=\"").append(Html.escape(recipient))
                        .append("\">").append(Html.escape(recipient)).append(": <button name=\"type\" value=\"bounce\">")
                        .append("Bounce it (permanent)</button> <button name=\"type\" value=\"complaint\">")
                        .append("Complain (spam)</button></form>\n");
            }
            // What SES reports of every message that reached its recipients' servers (the booking's timeline shows it).
            body.append("<form class=\"ses-event\" method=\"post\" action=\"").append(SesEventDestination.PATH)
                    .append("\"><input type=\"hidden\" name=\"message\" value=\"").append(Html.escape(mail.messageId()))
                    .append("\"><button name=\"type\" value=\"delivery\">Delivered</button></form>\n");
        }
        if (mail.html() != null && !mail.html().isBlank()) {
            body.append("<h2>HTML part</h2>\n<iframe class=\"html\" title=\"The e-mail's HTML part\" sandbox=\"")
                    .append("allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" srcdoc=\"")
                    .append(Html.escape(withLinksInNewTabs(mail.html()))).append("\"></iframe>\n");
        }
        if (mail.text() != null && !mail.text().isBlank()) {
            body.append("<h2>Text part</h2>\n<pre class=\"text\">").append(Html.escape(mail.text())).append("</pre>\n");
        }
        if (!mail.attachments().isEmpty()) {
            body.append("<h2>Attachments</h2>\n<ul class=\"attachments\">");
            for (int i = 0; i < mail.attachments().size(); i++) {
                Attachment attachment = mail.attachments().get(i);
                body.append("<li><a href=\"").append(link).append("/attachments/").append(i).append("\">")
                        .append(Html.escape(fileName(attachment, i))).append("</a> <span class=\"muted\">(")
                        .append(Html.escape(shortType(attachment.contentType()))).append(", ")
                        .append(size(attachment.content().length)).append(")</span></li>");
            }
            body.append("</ul>\n");
        }
        body.append("</main>");
        return Html.page(subject + " - local mailbox", body.toString());
    }

    private static void header(StringBuilder body, String name, String valueHtml) {
        body.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(valueHtml).append("</dd>");
    }

    private String time(Entry entry) {
        String text = ZonedDateTime.ofInstant(entry.time(), zone).format(TIME);
        return entry.timeFromHeader() ? Html.escape(text)
                : "<span title=\"No Date header: when the local runtime first saw it\">" + Html.escape(text) + "</span>";
    }

    private static String addresses(List<String> addresses) {
        StringBuilder out = new StringBuilder();
        for (String address : addresses) {
            if (out.length() > 0) out.append("<br>");
            out.append(Html.escape(address));
        }
        return out.toString();
    }

    /** The e-mail's links open in a new tab, outside the sandbox (a {@code <base target>} in its head). */
    static String withLinksInNewTabs(String html) {
        String base = "<base target=\"_blank\">";
        Matcher head = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE).matcher(html);
        if (head.find()) return html.substring(0, head.end()) + base + html.substring(head.end());
        Matcher root = Pattern.compile("<html(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE).matcher(html);
        if (root.find()) return html.substring(0, root.end()) + "<head>" + base + "</head>" + html.substring(root.end());
        return base + html;
    }

    private static String fileName(Attachment attachment, int index) {
        String name = attachment.fileName();
        return name == null || name.isBlank() ? "attachment-" + index : name;
    }

    private static String shortType(String contentType) {
        if (contentType == null) return "application/octet-stream";
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String size(int bytes) {
        return bytes < 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }

    private static Instant sentDate(String raw) {
        try {
            Date date = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)))
                    .getSentDate();
            return date == null ? null : date.toInstant();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static void sendBytes(HttpExchange exchange, String contentType, String downloadName, byte[] content)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; sandbox");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (downloadName != null) {
            String ascii = downloadName.replaceAll("[^A-Za-z0-9._-]", "_");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + ascii
                    + "\"; filename*=UTF-8''" + URLEncoder.encode(downloadName, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpExchanges.send(exchange, 200, content);
    }
}
