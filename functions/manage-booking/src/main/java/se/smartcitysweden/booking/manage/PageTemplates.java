package se.smartcitysweden.booking.manage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.Renderer;

/** This function's templates (this package's resources) on the one renderer, with the site's style sheet. */
final class PageTemplates {
    private static final Renderer RENDERER = new Renderer("/se/smartcitysweden/booking/manage/", "site.css");
    /** The pages' one style sheet, inline; HtmlHeaders' Content-Security-Policy allows it by its hash. */
    static final String CSS = RENDERER.styleSheet();

    private PageTemplates() { }

    static HttpAnswer page(int status, String template, Map<String, Object> view) {
        return RENDERER.page(status, template, view);
    }

    /** A short page: a title and a few paragraphs (thanks, a refused link, a temporary problem). */
    static HttpAnswer message(int status, PageWords w, String title, String... paragraphs) {
        Map<String, Object> view = w.page(title);
        view.put("paragraphs", List.of(paragraphs));
        return page(status, "message", view);
    }

    /** 303 See Other to a page beside this one (relative, so it works under any base path). */
    static HttpAnswer seeOther(String page, String token, String query) {
        return HttpAnswer.seeOther(page + "?token=" + encoded(token) + query, CSS);
    }

    /** A token for a link or form address on a page. */
    static String encoded(String token) {
        return URLEncoder.encode(token == null ? "" : token, StandardCharsets.UTF_8);
    }
}
