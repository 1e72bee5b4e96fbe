package se.smartcitysweden.booking.notification;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The e-mail templates (Mustache, from this package's resources). HTML templates escape every
 * value; text templates do not need to. Compiled once and kept.
 */
public final class MailTemplates {
    private static final String FOLDER = "/se/smartcitysweden/booking/notification/";
    private static final Mustache.Compiler HTML = compiler(true);
    private static final Mustache.Compiler TEXT = compiler(false);
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();

    private MailTemplates() { }

    public static String html(String name, Map<String, Object> context) {
        return CACHE.computeIfAbsent(name + ".html", n -> HTML.compile(read(n + ".mustache"))).execute(context);
    }

    public static String text(String name, Map<String, Object> context) {
        return CACHE.computeIfAbsent(name + ".txt", n -> TEXT.compile(read(n + ".mustache"))).execute(context);
    }

    private static Mustache.Compiler compiler(boolean escapeHtml) {
        // An empty text is no value: {{#role}}, {{role}}{{/role}} writes nothing for a blank role.
        return Mustache.compiler().escapeHTML(escapeHtml).defaultValue("").emptyStringIsFalse(true)
                .withLoader(name -> new StringReader(read(name + ".mustache")));
    }

    private static String read(String file) {
        try (InputStream in = MailTemplates.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) throw new IllegalStateException("no template " + file);
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                StringBuilder text = new StringBuilder();
                char[] buffer = new char[4096];
                for (int n; (n = reader.read(buffer)) > 0; ) text.append(buffer, 0, n);
                return text.toString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
