package se.smartcitysweden.booking.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.domain.HistoryEvent;

/**
 * The visit as one iCalendar (RFC 5545) event in the visitor's calendar: an invitation
 * ({@code METHOD:REQUEST}) when confirmed or changed, a cancellation ({@code METHOD:CANCEL})
 * when cancelled. The UID is the booking's, so every message updates the same event, and the
 * SEQUENCE counts the decisions that moved it (derived from the history: the same case always
 * gives the same invitation, and every change a higher number). All-day events over the visit
 * days, or from the start time in Swedish time when the coordinator gave one. Written by hand
 * rather than with ical4j, whose dependencies would triple the function's size for one small
 * VEVENT; text is escaped and lines folded as the RFC requires.
 */
public final class CalendarInvite {
    private static final String ZONE = Booking.SWEDISH_TIME.getId();
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** Europe/Stockholm since 1996 (EU summer time): what a calendar needs to place a TZID time. */
    private static final List<String> STOCKHOLM = List.of(
            "BEGIN:VTIMEZONE", "TZID:" + ZONE,
            "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
            "END:VTIMEZONE");

    private CalendarInvite() { }

    /** The invitation to the confirmed (or changed) visit. */
    public static String request(BookingCase c, Mailbox organizer, Mailbox coordinator) {
        return calendar(c, organizer, coordinator, false);
    }

    /** The cancellation of the visit's event. */
    public static String cancel(BookingCase c, Mailbox organizer, Mailbox coordinator) {
        return calendar(c, organizer, coordinator, true);
    }

    /** The event's version: 0 when first confirmed, one more for every change or the cancellation. */
    public static int sequence(Workflow workflow) {
        int decisions = (int) workflow.history().stream().filter(CalendarInvite::isCalendarChange).count();
        return Math.max(0, decisions - 1);
    }

    /** The history events that set or end the visit's dates (a confirmation, a cancellation): each one is a new version of the event. */
    private static boolean isCalendarChange(Workflow.HistoryEntry e) {
        return e.event() instanceof HistoryEvent.Confirmed || e.event() instanceof HistoryEvent.Cancelled;
    }

    private static Instant lastDecision(BookingCase c) {
        return c.workflow().history().stream().filter(CalendarInvite::isCalendarChange)
                .reduce((first, second) -> second).map(Workflow.HistoryEntry::at).orElse(c.booking().createdAt());
    }

    private static String calendar(BookingCase c, Mailbox organizer, Mailbox coordinator, boolean cancel) {
        Booking booking = c.booking();
        Workflow.Visit visit = c.workflow().visit().orElseThrow();
        MailWords w = new MailWords(booking.language());
        String lang = booking.language().code();
        String city = booking.node().city();

        List<String> lines = new ArrayList<>(List.of("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Smart City Sweden//Visit booking//EN",
                "METHOD:" + (cancel ? "CANCEL" : "REQUEST"), "CALSCALE:GREGORIAN"));
        if (visit.start().isPresent()) lines.addAll(STOCKHOLM);
        lines.add("BEGIN:VEVENT");
        lines.add("UID:" + booking.id() + "@visits.smartcitysweden");
        lines.add("SEQUENCE:" + sequence(c.workflow()));
        lines.add("DTSTAMP:" + STAMP.format(lastDecision(c)));
        if (visit.start().isPresent()) {
            LocalDateTime start = visit.from().atTime(visit.start().get());
            // Only a start is given: the event lasts to the end of a working day on the last day, at least an hour.
            LocalDateTime end = visit.to().atTime(17, 0);
            if (end.isBefore(start.plusHours(1))) end = start.plusHours(1);
            lines.add("DTSTART;TZID=" + ZONE + ":" + LOCAL.format(start));
            lines.add("DTEND;TZID=" + ZONE + ":" + LOCAL.format(end));
        } else {
            lines.add("DTSTART;VALUE=DATE:" + DATE.format(visit.from()));
            lines.add("DTEND;VALUE=DATE:" + DATE.format(visit.to().plusDays(1)));
        }
        lines.add("SUMMARY;LANGUAGE=" + lang + ":" + escape(w.format("ics.summary", city, booking.reference())));
        lines.add("LOCATION;LANGUAGE=" + lang + ":" + escape(visit.place().isEmpty() ? w.format("ics.location", city) : visit.place()));
        List<String> description = new ArrayList<>();
        description.add(w.format(cancel ? "ics.cancelled" : "ics.description", booking.reference(), city));
        description.addAll(CaseMails.meeting(visit, w));
        lines.add("DESCRIPTION;LANGUAGE=" + lang + ":" + escape(String.join("\n", description)));
        lines.add("ORGANIZER;CN=" + parameter(organizer.name().isEmpty() ? "Smart City Sweden" : organizer.name())
                + ":mailto:" + coordinator.address());
        lines.add("ATTENDEE;CN=" + parameter(booking.request().contact().name()) + ";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:"
                + booking.request().contact().email());
        lines.add("STATUS:" + (cancel ? "CANCELLED" : "CONFIRMED"));
        lines.add("TRANSP:OPAQUE");
        lines.add("END:VEVENT");
        lines.add("END:VCALENDAR");
        StringBuilder ics = new StringBuilder();
        lines.forEach(line -> line(ics, line));
        return ics.toString();
    }

    /** A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n");
    }

    /** A parameter value (RFC 5545 3.1): quoted, since names hold commas and colons; a quote cannot be in it. */
    static String parameter(String value) {
        return "\"" + value.replace("\"", "'").replaceAll("[\\p{Cntrl}]", " ") + "\"";
    }

    /** Adds a content line, folded at 75 octets with CRLF and a space, as RFC 5545 asks. */
    private static void line(StringBuilder ics, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        boolean first = true;
        while (start < bytes.length) {
            int limit = first ? 75 : 74;
            int end = Math.min(bytes.length, start + limit);
            while (end < bytes.length && (bytes[end] & 0xC0) == 0x80) end--; // never split a UTF-8 character
            if (!first) ics.append(' ');
            ics.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append("\r\n");
            start = end;
            first = false;
        }
    }
}
