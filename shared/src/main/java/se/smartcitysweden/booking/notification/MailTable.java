package se.smartcitysweden.booking.notification;

import java.util.List;

/**
 * A table in a mail: a caption, a header row and rows of texts; {@code empty} is said when it has no rows.
 * {@code urls}, when given, is shaped as the rows: a cell with a non-empty one is a link there.
 */
public record MailTable(String caption, List<String> head, List<List<String>> rows, String empty, List<List<String>> urls) {
    public MailTable {
        head = List.copyOf(head);
        rows = List.copyOf(rows);
        urls = List.copyOf(urls);
    }

    public MailTable(String caption, List<String> head, List<List<String>> rows, String empty) {
        this(caption, head, rows, empty, List.of());
    }

    /** The link of a cell, or "" when it is plain text. */
    public String url(int row, int column) {
        return row < urls.size() && column < urls.get(row).size() ? urls.get(row).get(column) : "";
    }
}
