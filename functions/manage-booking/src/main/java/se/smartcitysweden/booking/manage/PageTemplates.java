package se.smartcitysweden.booking.manage;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' templates (Mustache, from this package's resources), compiled once. Every value is
 * HTML-escaped; the only unescaped text is the style sheet, a resource of this function, whose
 * hash the Content-Security-Policy (se.smartcitysweden.booking.http.HtmlHeaders) names so that no
 * other style or script can run.
 */
final class PageTemplates {
    private static final String FOLDER = "/se/smartcitysweden/booking/manage/";
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(true).defaultValue("")
            .withLoader(name -> new StringReader(read(name + ".mustache")));
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();
    /** The pages' one style sheet, inline; HtmlHeaders' Content-Security-Policy allows it by its hash. */
    static final String CSS = read("page.css");

    private PageTemplates() { }

    static String render(String name, Map<String, Object> context) {
        return CACHE.computeIfAbsent(name, n -> COMPILER.compile(read(n + ".html.mustache"))).execute(context);
    }

    private static String read(String file) {
        try (InputStream in = PageTemplates.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) throw new IllegalStateException("no template " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
