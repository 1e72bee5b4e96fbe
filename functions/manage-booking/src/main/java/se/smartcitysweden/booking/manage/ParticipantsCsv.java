package se.smartcitysweden.booking.manage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.web.HttpAnswer;

/**
 * {@code GET /bookings/{id}/manage?token=…&format=csv}: the participant list for badges and lunch, as Swedish Excel
 * opens it by a double click: UTF-8 with a byte order mark, semicolons, CRLF, a heading row in the coordinators'
 * language, the country by name; no cell a spreadsheet would evaluate (a leading =, +, - or @ gets an apostrophe).
 */
final class ParticipantsCsv {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ParticipantsCsv() { }

    static HttpAnswer answer(BookingCase c, PageWords w) {
        return HttpAnswer.download("text/csv; charset=UTF-8", "participants-" + c.booking().reference() + ".csv", bytes(c, w));
    }

    static byte[] bytes(BookingCase c, PageWords w) {
        StringBuilder text = new StringBuilder();
        line(text, List.of(w.get("csv.number"), w.get("csv.name"), w.get("csv.organisation"), w.get("csv.role"), w.get("csv.email"),
                w.get("csv.country")));
        List<Participant> people = c.booking().request().participants();
        for (int i = 0; i < people.size(); i++) {
            Participant p = people.get(i);
            line(text, List.of(Integer.toString(i + 1), p.name(), p.organisation(), p.role(), p.email(),
                    p.country().isBlank() ? "" : w.mail().country(p.country())));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void line(StringBuilder text, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) text.append(';');
            text.append(cell(cells.get(i)));
        }
        text.append("\r\n");
    }

    /** Inert (no formula) and quoted when it holds a separator, a quote or a line break. */
    static String cell(String value) {
        String inert = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (inert.indexOf(';') < 0 && inert.indexOf('"') < 0 && inert.indexOf('\n') < 0 && inert.indexOf('\r') < 0) return inert;
        return '"' + inert.replace("\"", "\"\"") + '"';
    }
}
