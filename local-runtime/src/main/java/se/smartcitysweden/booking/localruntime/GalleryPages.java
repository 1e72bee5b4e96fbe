package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;

/**
 * The gallery: every mail the system sends ({@link MailGallery}), in Swedish and English, drawn from
 * sample bookings by the real mail writers, where anyone reviews the wording and the layout.
 *
 * <ul>
 *   <li>{@code GET /_local/gallery}: every entry with its headers, its text part, and its HTML part
 *       at phone width (375 px) and desktop width, side by side;</li>
 *   <li>{@code GET /_local/gallery/<id>/html}: an entry's HTML part alone (the browser test opens it
 *       at 375 px).</li>
 * </ul>
 *
 * and every page state ({@link PageGallery}: the manage page in each status, the visitor's page before and
 * after each change, feedback, impact survey, console, the booking form's no-JS answers, error pages), each
 * as the function's own handler answers it, at 375 px and desktop width; {@code /_local/gallery/<id>/html}
 * is a page alone too.
 */
final class GalleryPages implements HttpHandler {
    static final String PATH = "/_local/gallery";

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (!HttpExchanges.method(exchange).equals("GET") && !HttpExchanges.method(exchange).equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                Html.send(exchange, 405, Html.page("Method not allowed", "<main><p>Only GET here.</p></main>"));
                return;
            }
            List<MailGallery.Entry> entries = MailGallery.entries();
            List<PageGallery.Entry> pages = PageGallery.entries();
            if (path.equals(PATH) || path.equals(PATH + "/")) {
                Html.send(exchange, 200, index(entries, pages));
                return;
            }
            String id = path.startsWith(PATH + "/") && path.endsWith("/html")
                    ? path.substring(PATH.length() + 1, path.length() - "/html".length()) : "";
            Optional<MailGallery.Entry> entry = entries.stream().filter(e -> e.id().equals(id)).findFirst();
            Optional<PageGallery.Entry> page = pages.stream().filter(e -> e.id().equals(id)).findFirst();
            if (page.isPresent()) {
                // The page alone, with the status its function answered (a 404 page is a 404 here too).
                PageGallery.Page shown = page.get().render().get();
                Html.send(exchange, shown.status(), shown.html());
                return;
            }
            if (entry.isEmpty()) {
                Html.send(exchange, 404, Html.page("Not found", "<main><h1>No such gallery entry</h1><p><a href=\"" + PATH
                        + "\">The gallery</a></p></main>"));
                return;
            }
            Html.send(exchange, 200, entry.get().render().get().html());
        } finally {
            exchange.close();
        }
    }

    private static String index(List<MailGallery.Entry> entries, List<PageGallery.Entry> pages) {
        StringBuilder body = new StringBuilder("<header><h1>Gallery</h1><p>Every e-mail the system sends and every page "
                + "state, in Swedish and English, drawn from sample bookings by the code that makes the real ones: "
                + entries.size() + " mails, " + pages.size() + " pages. A mail's HTML part and a page are shown at 375 px "
                + "(a phone) and 760 px / 1280 px.</p></header>\n<main>\n<nav class=\"toc\"><h2>Mails</h2><ol>");
        for (MailGallery.Entry e : entries) {
            body.append("<li><a href=\"#").append(e.id()).append("\">").append(Html.escape(title(e))).append("</a></li>");
        }
        body.append("</ol><h2>Pages</h2><ol>");
        for (PageGallery.Entry e : pages) {
            body.append("<li><a href=\"#").append(e.id()).append("\">").append(Html.escape(title(e))).append("</a></li>");
        }
        body.append("</ol></nav>\n<h2 id=\"mails\">Mails</h2>\n");
        for (MailGallery.Entry e : entries) body.append(section(e));
        body.append("<h2 id=\"pages\">Pages</h2>\n");
        for (PageGallery.Entry e : pages) body.append(section(e));
        body.append("</main>");
        return Html.page("Gallery (" + entries.size() + " mails, " + pages.size() + " pages)", body.toString())
                .replace("</style>", STYLE + "</style>");
    }

    private static String title(PageGallery.Entry e) {
        return e.template() + " · " + e.state() + " · " + e.language().code();
    }

    private static String section(PageGallery.Entry e) {
        String link = PATH + "/" + e.id() + "/html";
        StringBuilder out = new StringBuilder("<section class=\"page\" id=\"").append(e.id()).append("\" data-page=\"")
                .append(link).append("\"><h3>").append(Html.escape(title(e))).append("</h3>");
        PageGallery.Page page;
        try {
            page = e.render().get();
        } catch (RuntimeException failed) {
            return out.append("<p class=\"error\">Cannot be drawn: ").append(Html.escape(failed.toString()))
                    .append("</p></section>\n").toString();
        }
        // The page's own style sheet is allowed by its Content-Security-Policy only: the frames load the page alone.
        out.append("<p>HTTP ").append(page.status()).append(" · <a href=\"").append(link).append("\">the page alone</a></p>")
                .append("<div class=\"parts\">").append(pageFrame("phone", 375, link)).append(pageFrame("desktop", 1280, link))
                .append("</div></section>\n");
        return out.toString();
    }

    private static String pageFrame(String name, int width, String link) {
        return "<iframe class=\"" + name + "\" width=\"" + width + "\" loading=\"lazy\" title=\"The page at " + width
                + " px\" src=\"" + link + "\"></iframe>";
    }

    private static String title(MailGallery.Entry e) {
        return e.kind() + " · " + e.sample() + " · " + e.language().code();
    }

    private static String section(MailGallery.Entry e) {
        StringBuilder out = new StringBuilder("<section class=\"mail\" id=\"").append(e.id()).append("\" data-html=\"")
                .append(PATH).append('/').append(e.id()).append("/html\"><h3>").append(Html.escape(title(e))).append("</h3>");
        EmailMessage mail;
        try {
            mail = e.render().get();
        } catch (RuntimeException failed) {
            // One broken mail must not hide the others: its failure is shown where it would be.
            return out.append("<p class=\"error\">Cannot be drawn: ").append(Html.escape(failed.toString()))
                    .append("</p></section>\n").toString();
        }
        out.append("<dl class=\"headers\"><dt>Subject</dt><dd><strong>").append(Html.escape(mail.subject()))
                .append("</strong></dd><dt>To</dt><dd>").append(addresses(mail.to())).append(" <span class=\"muted\">(")
                .append(e.reader().name().toLowerCase().replace('_', ' ')).append(")</span></dd>");
        if (!mail.cc().isEmpty()) out.append("<dt>Cc</dt><dd>").append(addresses(mail.cc())).append("</dd>");
        mail.replyTo().ifPresent(r -> out.append("<dt>Reply-To</dt><dd>").append(addresses(List.of(r))).append("</dd>"));
        if (!mail.attachments().isEmpty()) {
            out.append("<dt>Attachments</dt><dd>").append(Html.escape(mail.attachments().stream()
                    .map(EmailMessage.Attachment::fileName).collect(Collectors.joining(", ")))).append("</dd>");
        }
        String html = Html.escape(MailboxPages.withLinksInNewTabs(mail.html()));
        out.append("</dl>\n<div class=\"parts\"><pre class=\"text\">").append(Html.escape(mail.text())).append("</pre>")
                .append(frame("phone", 375, html)).append(frame("desktop", 760, html)).append("</div></section>\n");
        return out.toString();
    }

    private static String frame(String name, int width, String escapedHtml) {
        return "<iframe class=\"" + name + "\" width=\"" + width + "\" loading=\"lazy\" title=\"HTML part at " + width
                + " px\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" srcdoc=\""
                + escapedHtml + "\"></iframe>";
    }

    private static String addresses(List<Mailbox> boxes) {
        return boxes.stream().map(b -> Html.escape(b.name() == null || b.name().isBlank() ? b.address()
                : b.name() + " <" + b.address() + ">")).collect(Collectors.joining(", "));
    }

    private static final String STYLE = """
            main{max-width:none}
            nav.toc ol{columns:3 280px;font-size:13px;background:#fff;border:1px solid #dde1e6;padding:10px 30px}
            section.mail{margin:28px 0;padding-top:8px;border-top:2px solid #dde1e6}
            h3{font-size:16px;margin:4px 0 8px}
            .parts{display:flex;gap:12px;align-items:flex-start;overflow-x:auto}
            .parts pre.text{flex:1 1 420px;min-width:320px;margin:0;max-height:900px;overflow:auto}
            .parts iframe{flex:none;height:900px;border:1px solid #dde1e6;background:#fff}
            .error{color:#a00;background:#fff;padding:10px}
            """;
}
