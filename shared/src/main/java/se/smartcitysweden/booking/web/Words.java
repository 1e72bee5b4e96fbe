package se.smartcitysweden.booking.web;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.Language;

/**
 * The words of a function's pages in one language ({@code <bundle>_<lang>.properties}, no fallback to
 * another language): for the code by key, for the templates all at once as {@code {{t.some_key}}}.
 */
public class Words {
    private final Language language;
    private final ResourceBundle bundle;
    private final Map<String, Object> all;

    public Words(String bundle, Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle(bundle, language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, Object> words = new HashMap<>();
        // Mustache reads dots as nesting: {{t.confirm_title}} is confirm.title.
        for (String key : this.bundle.keySet()) words.put(key.replace('.', '_').replace('-', '_'), this.bundle.getString(key));
        this.all = Map.copyOf(words);
    }

    public final Language language() {
        return language;
    }

    public final String get(String key) {
        return bundle.getString(key);
    }

    public final boolean has(String key) {
        return bundle.containsKey(key);
    }

    public final String format(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), language.locale()).format(arguments);
    }

    /** Every word, for the templates. */
    public final Map<String, Object> all() {
        return all;
    }

    /** A page's view, begun with what the layout shows: its language, title and words. */
    public final Map<String, Object> page(String title) {
        Map<String, Object> view = new HashMap<>();
        view.put("lang", language.code());
        view.put("title", title);
        view.put("t", all);
        return view;
    }
}
