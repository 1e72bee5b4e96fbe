package se.smartcitysweden.booking.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.port.Mailbox;

/**
 * The visit as an iCalendar (RFC 5545) event: an invitation ({@code METHOD:REQUEST}) when confirmed or changed, a
 * cancellation ({@code METHOD:CANCEL}) when cancelled (iTIP, RFC 5546), and the same event published
 * ({@code METHOD:PUBLISH}) for the visitor page's download and the node's feed.
 *
 * <p>One VEVENT per visit: timed from the first day's start to the last day's end in Swedish time (TZID with the
 * VTIMEZONE of Europe/Stockholm and its summer-time rules) when the plan gives hours, the hours of each day in the
 * description; all-day over the visit's days when it gives none. One event rather than one per day keeps one UID
 * and SEQUENCE per visit, so a moved or cancelled visit replaces exactly what the calendar holds (a removed day
 * leaves nothing behind). The UID is the booking's ({@link Audience#VISITOR}); the host's copy, sent to the node's
 * coordinators and listed in the node's feed, has a UID of its own ({@link Audience#HOST}): the visitor's
 * invitation names the host as ORGANIZER, and a calendar client that received an invitation with its own user as
 * organizer would take it for that user's own event (Outlook then offers to "send the update"), so the two copies
 * must not be the same event. The SEQUENCE counts the decisions that changed the event (confirmations, plan
 * changes, the cancellation), derived from the history, so the same case always gives the same file.
 *
 * <p>Written by hand rather than with ical4j (whose dependencies would triple the function's size for one small
 * VEVENT); ical4j parses every file in the tests. Text is escaped, lines folded at 75 octets with CRLF.
 */
public final class CalendarInvite {
    private static final String ZONE = Booking.SWEDISH_TIME.getId();
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    /** Europe/Stockholm since 1996 (EU summer time): what a calendar needs to place a TZID time. */
    static final List<String> STOCKHOLM = List.of(
            "BEGIN:VTIMEZONE", "TZID:" + ZONE,
            "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
            "END:VTIMEZONE");

    /** Whose calendar the event is for: the visitor's (the booking's UID) or the host's (a UID of its own). */
    public enum Audience { VISITOR, HOST }

    /** What the file does: invite or update (REQUEST), take out (CANCEL), or show (PUBLISH: a download, a feed). */
    public enum Method { REQUEST, CANCEL, PUBLISH }

    /**
     * The visit's event as {@code audience} gets it: {@code organizer} the host (or the node's coordinator when the
     * plan names no host e-mail), {@code attendees} who is invited (none for PUBLISH), {@code pageUrl} the booking's page.
     */
    public record Event(BookingCase bookingCase, Audience audience, Mailbox organizer, List<Mailbox> attendees, String pageUrl) {
        public Event {
            attendees = List.copyOf(attendees);
            pageUrl = pageUrl == null ? "" : pageUrl;
        }
    }

    private CalendarInvite() { }

    /** The invitation to the confirmed (or changed) visit. */
    public static String request(Event event) {
        return calendar(Method.REQUEST, List.of(event));
    }

    /** The cancellation of the visit's event. */
    public static String cancel(Event event) {
        return calendar(Method.CANCEL, List.of(event));
    }

    /** The event for a calendar to show, not to answer: cancelled once the visit is. */
    public static String publish(Event event) {
        return calendar(Method.PUBLISH, List.of(event));
    }

    /** Several visits published as one calendar (a node's feed), {@code name} its display name. */
    public static String feed(String name, List<Event> events) {
        return calendar(Method.PUBLISH, events, name);
    }

    /** The event's version: 0 when first confirmed, one more for every change or the cancellation. */
    public static int sequence(Workflow workflow) {
        int decisions = (int) workflow.history().stream().filter(CalendarInvite::isCalendarChange).count();
        return Math.max(0, decisions - 1);
    }

    /** The UID of the visit's event in {@code audience}'s calendar. */
    public static String uid(Booking booking, Audience audience) {
        return booking.id() + (audience == Audience.HOST ? "-host" : "") + "@visits.smartcitysweden";
    }

    /** The history events that set, change or end the visit (a confirmation, a plan change, a cancellation). */
    private static boolean isCalendarChange(Workflow.HistoryEntry e) {
        return e.event() instanceof HistoryEvent.Confirmed || e.event() instanceof HistoryEvent.Cancelled
                || e.event() instanceof HistoryEvent.PlanChanged;
    }

    private static Instant lastDecision(BookingCase c) {
        return c.workflow().history().stream().filter(CalendarInvite::isCalendarChange)
                .reduce((first, second) -> second).map(Workflow.HistoryEntry::at).orElse(c.booking().createdAt());
    }

    private static String calendar(Method method, List<Event> events) {
        return calendar(method, events, null);
    }

    private static String calendar(Method method, List<Event> events, String name) {
        List<String> lines = new ArrayList<>(List.of("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Smart City Sweden//Visit booking//EN",
                "CALSCALE:GREGORIAN", "METHOD:" + method.name()));
        if (name != null) {
            lines.add("X-WR-CALNAME:" + escape(name));
            lines.add("X-WR-TIMEZONE:" + ZONE);
            // Subscribed calendars ask again after this long (Outlook, Apple); Google keeps its own pace.
            lines.add("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
            lines.add("X-PUBLISHED-TTL:PT1H");
        }
        if (events.stream().anyMatch(e -> !visit(e.bookingCase()).plan().hours().isEmpty())) lines.addAll(STOCKHOLM);
        for (Event event : events) lines.addAll(vevent(method, event));
        lines.add("END:VCALENDAR");
        StringBuilder ics = new StringBuilder();
        lines.forEach(line -> line(ics, line));
        return ics.toString();
    }

    private static Workflow.Visit visit(BookingCase c) {
        return c.workflow().visit().orElseThrow();
    }

    private static List<String> vevent(Method method, Event event) {
        BookingCase c = event.bookingCase();
        Booking booking = c.booking();
        Workflow.Visit visit = visit(c);
        VisitPlan plan = visit.plan();
        boolean cancelled = method == Method.CANCEL || c.status() == BookingStatus.CANCELLED;
        // The event is the visit's, in the booking's language, for the host as for the visitor (one text to agree on).
        MailWords w = new MailWords(booking.language());
        String lang = booking.language().code();
        String city = booking.node().city();
        List<String> lines = new ArrayList<>();
        lines.add("BEGIN:VEVENT");
        lines.add("UID:" + uid(booking, event.audience()));
        lines.add("SEQUENCE:" + sequence(c.workflow()));
        lines.add("DTSTAMP:" + STAMP.format(lastDecision(c)));
        Optional<VisitPlan.DayHours> first = plan.on(visit.from());
        Optional<VisitPlan.DayHours> last = plan.on(visit.to());
        if (!plan.hours().isEmpty()) {
            // Hours on some days only: from the first start given to the last end given.
            VisitPlan.DayHours begin = first.orElse(plan.hours().get(0));
            VisitPlan.DayHours end = last.orElse(plan.hours().get(plan.hours().size() - 1));
            lines.add("DTSTART;TZID=" + ZONE + ":" + LOCAL.format(LocalDateTime.of(begin.day(), begin.start())));
            lines.add("DTEND;TZID=" + ZONE + ":" + LOCAL.format(LocalDateTime.of(end.day(), end.end())));
        } else {
            lines.add("DTSTART;VALUE=DATE:" + DATE.format(visit.from()));
            lines.add("DTEND;VALUE=DATE:" + DATE.format(visit.to().plusDays(1)));
        }
        lines.add("SUMMARY;LANGUAGE=" + lang + ":" + escape(w.format("ics.summary", city, booking.reference())));
        String place = plan.meetingPlace().isEmpty() ? w.format("ics.location", city)
                : String.join(", ", plan.meetingPlace().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        lines.add("LOCATION;LANGUAGE=" + lang + ":" + escape(place));
        List<String> description = new ArrayList<>();
        description.add(w.format(cancelled ? "ics.cancelled" : "ics.description", booking.reference(), city));
        if (plan.hours().size() > 1) {
            description.add(String.join("\n", plan.hours().stream()
                    .map(h -> w.format("ics.day", w.date(h.day()), CLOCK.format(h.start()), CLOCK.format(h.end()))).toList()));
        }
        if (!plan.mapUrl().isEmpty()) description.add(w.format("ics.map", plan.mapUrl()));
        String host = plan.part("host").replace("\n", ", ");
        if (!host.isEmpty()) description.add(w.format("confirmation.host", host));
        if (!plan.programme().isEmpty()) description.add(w.get("plan.programme") + "\n" + plan.programme());
        if (!plan.notes().isEmpty()) description.add(w.get("plan.notes") + "\n" + plan.notes());
        if (!event.pageUrl().isEmpty()) description.add(w.format("ics.page", event.pageUrl()));
        lines.add("DESCRIPTION;LANGUAGE=" + lang + ":" + escape(String.join("\n\n", description)));
        if (!event.pageUrl().isEmpty()) lines.add("URL:" + event.pageUrl());
        Mailbox organizer = event.organizer();
        lines.add("ORGANIZER;CN=" + parameter(organizer.name().isEmpty() ? "Smart City Sweden" : organizer.name())
                + ":mailto:" + organizer.address());
        // iTIP: a PUBLISH names no attendees; an invitation names who it is for, who need not answer.
        if (method != Method.PUBLISH) {
            for (Mailbox attendee : event.attendees()) {
                lines.add("ATTENDEE;CN=" + parameter(attendee.name().isEmpty() ? attendee.address() : attendee.name())
                        + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:" + attendee.address());
            }
        }
        lines.add("STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"));
        lines.add("TRANSP:OPAQUE");
        lines.add("END:VEVENT");
        return lines;
    }

    /** A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
                .replace("\r", "\\n");
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
