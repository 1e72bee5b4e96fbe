package se.smartcitysweden.booking.web;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one renderer of pages and e-mails: Mustache templates ({@code <name>.html.mustache},
 * {@code <name>.txt.mustache}) from a folder of resources, compiled once. A template or partial the folder does not
 * have comes from this package's: the layout ({@code {{>head}}}, {@code {{>foot}}}), the message page and the
 * site's style sheet. Every value in HTML is escaped; the only unescaped text is the style sheet, a resource whose
 * hash the Content-Security-Policy names ({@link HtmlHeaders}).
 */
public final class Renderer {
    private static final String SHARED = "/se/smartcitysweden/booking/web/";
    /**
     * The one configuration: a missing value or an empty text is nothing ({@code {{#role}}, {{role}}{{/role}}}
     * writes nothing for a blank role). In HTML the five characters that can end a text or a quoted attribute are
     * escaped; every attribute in the templates is quoted.
     */
    private static final Mustache.Compiler CONFIGURATION = Mustache.compiler().defaultValue("").emptyStringIsFalse(true);
    private static final Mustache.Escaper HTML = Escapers.simple(new String[][] {
            {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});

    private final String folder;
    private final String styleSheet;
    private final Mustache.Compiler html;
    private final Mustache.Compiler text;
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /** Templates without pages (e-mails, fragments). @param folder their resource folder, as {@code /se/smartcitysweden/booking/notification/} */
    public Renderer(String folder) {
        this(folder, null);
    }

    /** @param styleSheet the pages' style sheet: a resource of the folder, or of this package ({@code site.css}) */
    public Renderer(String folder, String styleSheet) {
        this.folder = folder;
        Mustache.TemplateLoader partials = name -> new StringReader(read(name + ".mustache"));
        this.html = CONFIGURATION.withEscaper(HTML).withLoader(partials);
        this.text = CONFIGURATION.withEscaper(Escapers.NONE).withLoader(partials);
        this.styleSheet = styleSheet == null ? null : read(styleSheet);
    }

    /** The pages' style sheet. */
    public String styleSheet() {
        return styleSheet;
    }

    /** A page: its template drawn from its view (begun by {@link Words#page}), in the layout, with the style sheet. */
    public HttpAnswer page(int status, String name, Map<String, Object> view) {
        return page(status, name, view, styleSheet);
    }

    /** The same with a style sheet of its own (the pages' and more). */
    public HttpAnswer page(int status, String name, Map<String, Object> view, String styleSheet) {
        StringWriter out = new StringWriter();
        compiled(name + ".html", html).execute(view, Map.of("css", styleSheet), out);
        return HttpAnswer.page(status, out.toString(), styleSheet);
    }

    public String html(String name, Object context) {
        return compiled(name + ".html", html).execute(context);
    }

    /** A plain-text template: nothing escaped (it is no HTML). */
    public String text(String name, Object context) {
        return compiled(name + ".txt", text).execute(context);
    }

    /** Text for an element's content or a quoted attribute, escaped as the templates escape it. */
    public static String escape(String text) {
        return text == null ? "" : HTML.escape(text);
    }

    /** A resource of the folder, else of this package. */
    public String read(String file) {
        String found = resource(folder + file);
        if (found == null) found = resource(SHARED + file);
        if (found == null) throw new IllegalStateException("no template or resource " + file + " in " + folder);
        return found;
    }

    private Template compiled(String name, Mustache.Compiler compiler) {
        return compiled.computeIfAbsent(name, n -> compiler.compile(read(n + ".mustache")));
    }

    private static String resource(String path) {
        try (InputStream in = Renderer.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
