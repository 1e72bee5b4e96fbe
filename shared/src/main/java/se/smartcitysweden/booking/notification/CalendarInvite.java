package se.smartcitysweden.booking.notification;

import java.time.Instant;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.workflow.Workflow;

/**
 * An iCalendar (RFC 5545) invitation for a confirmed visit: one all-day event over the visit
 * days. Written by hand rather than with ical4j, whose dependencies would triple the function's
 * size for one small VEVENT; text is escaped and lines folded as the RFC requires.
 */
public final class CalendarInvite {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CalendarInvite() { }

    public static String of(Booking booking, Workflow.Visit visit, Mailbox organizer, Mailbox coordinator) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//Smart City Sweden//Visit booking//EN");
        line(ics, "METHOD:REQUEST");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "BEGIN:VEVENT");
        line(ics, "UID:" + booking.id() + "@visits.smartcitysweden");
        line(ics, "DTSTAMP:" + STAMP.format(Instant.now()));
        line(ics, "DTSTART;VALUE=DATE:" + DATE.format(visit.from()));
        line(ics, "DTEND;VALUE=DATE:" + DATE.format(visit.to().plusDays(1)));
        line(ics, "SUMMARY:" + escape("Smart City Sweden " + booking.node().city() + " (" + booking.reference() + ")"));
        line(ics, "LOCATION:" + escape(booking.node().city() + ", Sweden"));
        line(ics, "DESCRIPTION:" + escape("Study visit " + booking.reference() + ". " + booking.request().purpose()));
        line(ics, "ORGANIZER;CN=" + escape(organizer.name().isEmpty() ? "Smart City Sweden" : organizer.name())
                + ":mailto:" + coordinator.address());
        line(ics, "ATTENDEE;CN=" + escape(booking.request().contact().name()) + ";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:"
                + booking.request().contact().email());
        line(ics, "STATUS:CONFIRMED");
        line(ics, "TRANSP:OPAQUE");
        line(ics, "END:VEVENT");
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n");
    }

    /** Adds a content line, folded at 75 octets with CRLF and a space, as RFC 5545 asks. */
    private static void line(StringBuilder ics, String content) {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int start = 0;
        boolean first = true;
        while (start < bytes.length) {
            int limit = first ? 75 : 74;
            int end = Math.min(bytes.length, start + limit);
            while (end < bytes.length && (bytes[end] & 0xC0) == 0x80) end--; // never split a UTF-8 character
            if (!first) ics.append(' ');
            ics.append(new String(bytes, start, end - start, java.nio.charset.StandardCharsets.UTF_8)).append("\r\n");
            start = end;
            first = false;
        }
    }

}
