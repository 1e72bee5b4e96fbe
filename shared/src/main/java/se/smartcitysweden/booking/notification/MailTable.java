package se.smartcitysweden.booking.notification;

import java.util.List;

/** A table in a mail: a caption, a header row and rows of texts; {@code empty} is said when it has no rows. */
public record MailTable(String caption, List<String> head, List<List<String>> rows, String empty) {
    public MailTable {
        head = List.copyOf(head);
        rows = List.copyOf(rows);
    }
}
