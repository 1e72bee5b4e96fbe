package se.smartcitysweden.booking.notification;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.validation.ChoiceLabels;

/** The words of the e-mails in one language, from {@code Mail_<lang>.properties}, and date formats. */
public final class MailWords {
    private static final ZoneId SWEDEN = se.smartcitysweden.booking.domain.Booking.SWEDISH_TIME;
    // The same order in both languages; a 24-hour clock, as both English and Swedish readers in Europe expect.
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
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

    /** The names of the form's choices in this language: the form's own words. */
    public ChoiceLabels choices() {
        return ChoiceLabels.of(language);
    }

    /** A day as the reader says it, with its weekday: "Monday 15 March 2027", "måndag 15 mars 2027". */
    public String date(LocalDate date) {
        return date.format(DAY.withLocale(language.locale()));
    }

    /**
     * How far a day is from {@code now}, in Swedish calendar days: "today", "tomorrow", "in 3 days".
     * A week-before mail sent late (a visit confirmed days before, a catch-up run) says the truth.
     */
    public String fromNow(LocalDate day, Instant now) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.ofInstant(now, SWEDEN), day);
        if (days <= 0) return get("when.today");
        return days == 1 ? get("when.tomorrow") : format("when.days", days);
    }

    /** A moment in Swedish time, said so: "Monday 15 March 2027, 09:00 (Swedish time)". */
    public String dateTime(Instant instant) {
        ZonedDateTime swedish = instant.atZone(SWEDEN);
        return dateTime(swedish.toLocalDate(), swedish.toLocalTime());
    }

    /** A day and a time of day in Swedish time (a visit's start). */
    public String dateTime(LocalDate date, LocalTime time) {
        return format("format.dateTime", date(date), time.format(CLOCK));
    }

    public String country(String code) {
        if (code == null || code.isEmpty()) return "";
        return new Locale("", code).getDisplayCountry(language.locale());
    }
}
