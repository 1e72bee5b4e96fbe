package se.smartcitysweden.booking.manage;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.notification.MailWords;

/**
 * The words of the pages in one language: this function's own ({@code Pages_<lang>.properties})
 * and, for the booking's fields, the e-mails' words ({@code Mail_<lang>.properties}), so the page
 * and the coordinator's e-mail name every field alike.
 */
final class PageWords {
    private static final Map<Language, PageWords> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private final ResourceBundle bundle;
    private final MailWords mail;
    private final Map<String, Object> all;

    private PageWords(Language language) {
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.manage.Pages", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.mail = new MailWords(language);
        Map<String, Object> words = new HashMap<>();
        // Templates name a word as {{t.confirm_title}}: Mustache reads dots as nesting.
        for (String key : bundle.keySet()) words.put(key.replace('.', '_').replace('-', '_'), bundle.getString(key));
        this.all = Map.copyOf(words);
    }

    static PageWords of(Language language) {
        return CACHE.computeIfAbsent(language, PageWords::new);
    }

    Language language() {
        return mail.language();
    }

    MailWords mail() {
        return mail;
    }

    /** Every page word, for the templates. */
    Map<String, Object> all() {
        return all;
    }

    String get(String key) {
        return bundle.getString(key);
    }

    boolean has(String key) {
        return bundle.containsKey(key);
    }

    String format(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), language().locale()).format(arguments);
    }

    String date(LocalDate date) {
        return mail.date(date);
    }

    String dateTime(Instant instant) {
        return mail.dateTime(instant);
    }

    String status(se.smartcitysweden.booking.domain.BookingStatus status) {
        return get("status." + status.id());
    }

    String actionName(String action) {
        return has("action." + action + ".title") ? get("action." + action + ".title") : action;
    }
}
