package se.smartcitysweden.booking.manage;

import java.util.List;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.web.ExcelCsv;
import se.smartcitysweden.booking.web.HttpAnswer;

/**
 * {@code GET /bookings/{id}/manage?token=…&format=csv}: the participant list for badges and lunch, as Swedish Excel
 * opens it by a double click: UTF-8 with a byte order mark, semicolons, CRLF, a heading row in the coordinators'
 * language, the country by name; no cell a spreadsheet would evaluate (a leading =, +, - or @ gets an apostrophe).
 */
final class ParticipantsCsv {
    private ParticipantsCsv() { }

    static HttpAnswer answer(BookingCase c, PageWords w) {
        return HttpAnswer.download("text/csv; charset=UTF-8", "participants-" + c.booking().reference() + ".csv", bytes(c, w));
    }

    static byte[] bytes(BookingCase c, PageWords w) {
        List<List<String>> lines = new java.util.ArrayList<>();
        lines.add(List.of(w.get("csv.number"), w.get("csv.name"), w.get("csv.organisation"), w.get("csv.role"), w.get("csv.email"),
                w.get("csv.country")));
        List<Participant> people = c.booking().request().participants();
        for (int i = 0; i < people.size(); i++) {
            Participant p = people.get(i);
            lines.add(List.of(Integer.toString(i + 1), p.name(), p.organisation(), p.role(), p.email(),
                    p.country().isBlank() ? "" : w.mail().country(p.country())));
        }
        return ExcelCsv.of(lines);
    }
}
