package se.smartcitysweden.booking.manage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.StatusLabels;
import se.smartcitysweden.booking.web.Words;

/**
 * The words of the pages in one language: this function's own ({@code Pages_<lang>.properties})
 * and, for the booking's fields, the e-mails' words ({@code Mail_<lang>.properties}), so the page
 * and the coordinator's e-mail name every field alike.
 */
final class PageWords extends Words {
    private static final Map<Language, PageWords> CACHE = new ConcurrentHashMap<>();
    private static final Pattern ROW_FIELD = Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)");
    private final MailWords mail;

    private PageWords(Language language) {
        super("se.smartcitysweden.booking.manage.Pages", language);
        this.mail = new MailWords(language);
    }

    static PageWords of(Language language) {
        return CACHE.computeIfAbsent(language, PageWords::new);
    }

    MailWords mail() {
        return mail;
    }

    String date(LocalDate date) {
        return mail.date(date);
    }

    String dateTime(Instant instant) {
        return mail.dateTime(instant);
    }

    /** A period: one day, or its first and last. */
    String range(LocalDate from, LocalDate to) {
        return from.equals(to) ? date(from) : date(from) + " – " + date(to);
    }

    /** The coordinators' one word for the state ({@link StatusLabels}), as the console and the exports say it. */
    String status(BookingStatus status) {
        return StatusLabels.of(language()).staff(status);
    }

    /** The visitor's one word for the state of their request ({@link StatusLabels}). */
    String visitorStatus(BookingStatus status) {
        return StatusLabels.of(language()).visitor(status);
    }

    String actionName(String action) {
        return has("action." + action + ".title") ? get("action." + action + ".title") : action;
    }

    /** The errors as the {@code errors} partial lists them: each with its field's label in these words. */
    List<Map<String, Object>> errors(List<FieldError> errors) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (FieldError error : errors) {
            String field = error.field().replaceAll("\\[\\d+]$", "");
            Matcher row = ROW_FIELD.matcher(field);
            String label = field.isEmpty() ? "" : has("field." + field) ? get("field." + field)
                    // A list row's field, as "Participant 2: e-mail".
                    : row.matches() && has("field." + row.group(1) + "." + row.group(3))
                    ? format("field." + row.group(1) + "." + row.group(3), Integer.parseInt(row.group(2)) + 1) : error.field();
            list.add(Map.of("label", label, "message", error.message()));
        }
        return list;
    }
}
