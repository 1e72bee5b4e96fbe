package se.smartcitysweden.booking.notification;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.Language;

/** The words of the e-mails in one language, from {@code Mail_<lang>.properties}, and date formats. */
public final class MailWords {
    private static final ZoneId SWEDEN = se.smartcitysweden.booking.domain.Booking.SWEDISH_TIME;
    private final ResourceBundle bundle;
    private final Language language;

    public MailWords(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("se.smartcitysweden.booking.notification.Mail", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Language language() { return language; }

    public String get(String key) {
        return bundle.getString(key);
    }

    public String format(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), language.locale()).format(arguments);
    }

    /** Every key under a prefix, without it: {@code prefix("coordinator.")} gives {heading=..., ...}. */
    public Map<String, Object> prefix(String prefix) {
        Map<String, Object> words = new HashMap<>();
        for (String key : bundle.keySet()) {
            if (key.startsWith(prefix)) {
                String shortKey = key.substring(prefix.length());
                words.put(shortKey.startsWith("action.") ? shortKey.substring(7) : shortKey, bundle.getString(key));
            }
        }
        return words;
    }

    public String date(LocalDate date) {
        return date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(language.locale()));
    }

    public String dateTime(Instant instant) {
        return instant.atZone(SWEDEN).format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(language.locale()));
    }

    public String country(String code) {
        if (code == null || code.isEmpty()) return "";
        return new Locale("", code).getDisplayCountry(language.locale());
    }
}
