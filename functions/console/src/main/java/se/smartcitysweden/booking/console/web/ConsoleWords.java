package se.smartcitysweden.booking.console.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.validation.StatusLabels;
import se.smartcitysweden.booking.web.Words;

/** The console's words in the coordinators' language ({@code Console_<lang>.properties}), with the e-mails' countries. */
final class ConsoleWords extends Words {
    private final MailWords mail;
    private final DateTimeFormatter shortDate;

    ConsoleWords(Language language) {
        super("se.smartcitysweden.booking.console.web.Console", language);
        this.mail = new MailWords(language);
        this.shortDate = DateTimeFormatter.ofPattern("d MMM yyyy", language.locale());
    }

    /** A state's one name for coordinators ({@link StatusLabels}). */
    String status(BookingStatus status) {
        return StatusLabels.of(language()).staff(status);
    }

    /** A choice of the status filter: "open", "all", or a state by its one name. */
    String filterStatus(String choice) {
        return BookingStatus.fromId(choice).map(this::status).orElseGet(() -> get("filter.status." + choice));
    }

    String country(String code) {
        return code == null || code.isBlank() ? "" : mail.country(code);
    }

    /** A short date for the list's narrow columns: 9 jan. 2027, 9 Jan 2027. */
    String date(LocalDate date) {
        return shortDate.format(date);
    }

    String range(LocalDate from, LocalDate to) {
        return from.equals(to) ? date(from) : date(from) + " – " + date(to);
    }
}
