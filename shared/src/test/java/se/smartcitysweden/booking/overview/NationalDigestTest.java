package se.smartcitysweden.booking.overview;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;

class NationalDigestTest {
    private static final Instant MONDAY = Instant.parse("2027-03-01T06:00:00Z");
    private final InMemoryBookingCaseRepository cases = new InMemoryBookingCaseRepository();
    private final CaseMails mails = new CaseMails(Mailbox.sender("bookings@example.org"), CoordinatorDirectory.parse("""
            {"nodes": {"stockholm": ["sto@example.org"], "goteborg": ["gbg@example.org"], "malmo": ["mmo@example.org"],
                       "borlange": ["blg@example.org"], "linkoping": ["lkp@example.org"], "umea": ["ume@example.org"]},
             "nationalOffice": ["national@example.org"], "copyNationalOffice": []}"""),
            new BookingLinks("https://visits.example.org", new LinkSigner(
                    "national-digest-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8))), Language.SV);

    private BookingCase booking(String reference, String node, String day, String organisation, int reminders) {
        LocalDate date = LocalDate.parse(day);
        var body = BookingJson.valid(date);
        body.put("node", node);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("contact")).put("organisation", organisation);
        Booking b = new Booking("id-" + reference, reference, BookingStatus.SUBMITTED,
                date.atTime(9, 0).atZone(Booking.SWEDISH_TIME).toInstant(),
                BookingRequestParser.parse(body, date).request().orElseThrow());
        Workflow w = Workflow.empty();
        for (int step = 1; step <= reminders; step++) w = w.withFollowUpSent("unanswered-" + step, b.createdAt().plusSeconds(86_400L * 3 * step));
        BookingCase c = new BookingCase(b, 1, w, "sent");
        cases.put(c);
        return c;
    }

    @Test
    void givenLateAndFreshBookings_whenTheDigestIsWritten_thenItListsTheLateOnesByNodeUnderAHeaderRow() {
        BookingCase taken = booking("UME-LATE1", "umea", "2027-02-01", "Umeå Org", 3);
        cases.put(taken.withHistory(new Workflow.HistoryEntry(taken.booking().createdAt().plusSeconds(86_400L * 12), "follow-up",
                "taken-over", "")));
        booking("STO-LATE2", "stockholm", "2027-02-03", "Sthlm Org", 3);
        booking("STO-EARLY", "stockholm", "2027-02-15", "Two reminders", 2);
        booking("MMO-FRESH", "malmo", "2027-02-26", "=1+1", 0);

        EmailMessage mail = new NationalDigest(cases, mails).mail("2027-W09", MONDAY);

        List<String> lines = mail.text().lines().toList();
        assertTrue(lines.contains("Nod\tÖppna\tFörsenade\tGenomförda senaste 7 dagarna\tTotalt (12 månader)\t"), mail.text());
        int late = lines.indexOf("Sena: obesvarade efter sista påminnelsen, per nod");
        assertTrue(late > 0, mail.text());
        assertEquals("Nod\tReferens\tInkommen\tVäntar\tDeltagare\tÖvertagen\t", lines.get(late + 1));
        assertTrue(lines.get(late + 2).startsWith("Stockholm\tSTO-LATE2 (https://visits.example.org/console/bookings/id-STO-LATE2)\t"),
                lines.get(late + 2));
        assertTrue(lines.get(late + 2).contains("\t26 dagar\t12\tNej\t"), "days waiting, not taken over: " + lines.get(late + 2));
        assertTrue(lines.get(late + 3).startsWith("Umeå\tUME-LATE1 (https://visits.example.org/console/bookings/id-UME-LATE1)\t"),
                lines.get(late + 3));
        assertTrue(lines.get(late + 3).contains("\t28 dagar\t12\tJa, av nationella kontoret "), "taken over: " + lines.get(late + 3));
        assertTrue(mail.html().contains("<a href=\"https://visits.example.org/console/bookings/id-UME-LATE1\" style=\"color:#00558c\">UME-LATE1</a>"),
                "the late booking is a link: " + mail.html());
        // The week as people say it, in the subject and the heading.
        assertEquals("Smart City Sweden besök: veckoöversikt, vecka 9, 2027", mail.subject());
        assertTrue(mail.html().contains("Besök, alla noder, vecka 9, 2027"), mail.html());
        assertFalse(mail.text().contains("W09"), "no ISO week code in the words: " + mail.text());
        assertFalse(mail.text().contains("STO-EARLY") || mail.text().contains("MMO-FRESH"), "not late yet");
        assertTrue(mail.text().contains("https://visits.example.org/console/overview"), mail.text());
        assertTrue(mail.html().contains("href=\"https://visits.example.org/console/overview\""), mail.html());
        assertTrue(mail.html().contains("<th align=\"left\" scope=\"col\">Referens</th>"), mail.html());

        byte[] csv = mail.attachments().get(0).content();
        assertEquals((byte) 0xEF, csv[0], "a BOM, so Excel reads UTF-8");
        List<String> rows = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertTrue(rows.get(0).startsWith("Referens;Nod;Inkommen;Status;Land;"), rows.get(0));
        assertEquals(5, rows.size(), "one row per booking: " + rows);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("MMO-FRESH;Malmö;2027-02-26;Obesvarad;Portugal;") && !r.contains("=1+1")), rows.toString());
    }

    @Test
    void givenNoLateBooking_whenTheDigestIsWritten_thenItSaysSo() {
        booking("MMO-FRESH", "malmo", "2027-02-26", "Org", 0);
        EmailMessage mail = new NationalDigest(cases, mails).mail("2027-W09", MONDAY);
        assertTrue(mail.text().contains("Ingen bokning är sen."), mail.text());
        assertTrue(mail.html().contains("Ingen bokning är sen."));
    }
}
