package se.smartcitysweden.booking.history;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.history.HistorySentences.Line;
import se.smartcitysweden.booking.history.HistorySentences.Reader;
import se.smartcitysweden.booking.notification.MailDelivery;
import se.smartcitysweden.booking.notification.RecordingMailSender;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** The e-mails sent about a booking in its staff timeline: what, to whom, when, and what the provider reported. */
class HistoryMailLinesTest {
    private static final Instant START = Instant.parse("2027-03-01T08:00:00Z");
    /** Every kind MailDelivery's callers tag a booking's mail with. */
    static final List<String> KINDS = List.of("coordinator", "visitor", "notice-confirmation", "notice-decline",
            "notice-cancellation", "notice-reopened", "unanswered", "taken-over", "taken-over-notice", "prepare", "practical",
            "visit-done", "thanks", "outcome-missing", "impact", "impact-reminder", "new-link", "visitor-cancel",
            "visitor-other-dates", "visitor-participants", "feedback-given", "contact-unreachable");

    private static BookingCase booking() {
        LocalDate today = LocalDate.of(2027, 2, 27);
        Booking booking = new Booking("b-1", "UME-7K3QF", BookingStatus.ACKNOWLEDGED, START.minusSeconds(86_400),
                BookingRequestParser.parse(BookingJson.valid(today), today).request().orElseThrow());
        return new BookingCase(booking, 2, new Workflow(List.of(new Workflow.HistoryEntry(START, Actor.coordinator(Node.UMEA),
                new HistoryEvent.Acknowledged())), Optional.empty(), "", Optional.empty(), Optional.empty(), Map.of()), "sent");
    }

    @Test
    void givenEveryKindOfMail_whenShownToStaff_thenASentenceInEachLanguageWithoutCodeWords() {
        List<MailLog.Sent> mails = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            mails.add(new MailLog.Sent("m-" + i, KINDS.get(i), START.plusSeconds(60L * (i + 1)), List.of("ana@example.org"), Set.of()));
        }
        mails.add(new MailLog.Sent("m-x", "a-kind-of-a-later-version", START.plusSeconds(9_000), List.of("ana@example.org"), Set.of()));
        for (Language language : Language.values()) {
            HistorySentences s = HistorySentences.of(language);
            List<Line> lines = s.lines(booking(), Reader.STAFF, mails);
            assertEquals(2 + mails.size(), lines.size());
            for (Line line : lines.subList(2, lines.size())) {
                assertEquals(s.word("who.mail"), line.who());
                // In English "coordinator" or "thanks" are words of a sentence; a hyphenated kind never is, in Swedish none.
                for (String kind : KINDS) {
                    if (language == Language.SV || kind.contains("-")) assertFalse(line.what().contains(kind), language + ": " + line.what());
                }
                assertFalse(line.what().contains("{") || line.what().contains("''"), line.what());
                assertEquals(s.word("mail.to", "ana@example.org"), line.detail());
            }
            assertEquals(s.word("mail.sent", s.word("mail.kind.other")), lines.get(lines.size() - 1).what(), "an unknown kind, in words");
            assertEquals(KINDS.size() + 1, lines.stream().skip(2).map(Line::what).distinct().count(), "each kind its own words");
        }
        assertEquals(List.of(), HistorySentences.of(Language.SV).lines(booking(), Reader.VISITOR, mails).stream()
                .filter(l -> l.who().equals(HistorySentences.of(Language.SV).word("who.mail"))).toList(), "the visitor sees no mail record");
    }

    @Test
    void givenMailsBeforeAndAfterAnEntryWithReports_whenShown_thenInTimeOrderWithTheReports() {
        List<MailLog.Sent> mails = List.of(
                new MailLog.Sent("m-2", "notice-confirmation", START.plusSeconds(60), List.of("ana@example.org"),
                        Set.of("delivered", "complaint:ana@example.org")),
                new MailLog.Sent("m-1", "coordinator", START.minusSeconds(60), List.of("umea@example.org", "national-office@example.org"),
                        Set.of("bounce:umea@example.org")));
        List<Line> lines = HistorySentences.of(Language.EN).lines(booking(), Reader.STAFF, mails);
        assertEquals(List.of("Sent the request", "Sent the new request to the coordinators", "Acknowledged receipt",
                "Sent the confirmation of the visit to the visitor"), lines.stream().map(Line::what).toList());
        assertEquals("To umea@example.org, national-office@example.org\nDid not arrive (bounced): umea@example.org", lines.get(1).detail());
        assertEquals("To ana@example.org\nMarked as spam by ana@example.org\nDelivered", lines.get(3).detail());
        assertEquals("Till ana@example.org\nMarkerat som skräppost av ana@example.org\nLevererat",
                HistorySentences.of(Language.SV).lines(booking(), Reader.STAFF, mails).get(3).detail());
    }

    @Test
    void givenABookingsMailSent_whenRecorded_thenItsKindRecipientsAndMessageIdAreLoggedAndAnUntaggedMailIsNot() throws Exception {
        List<String> logged = new ArrayList<>();
        MailLog log = new MailLog() {
            public void sent(String bookingId, Sent mail) { logged.add(bookingId + " " + mail.kind() + " " + mail.messageId() + " " + mail.to()); }

            public void reported(String bookingId, String messageId, String report) { }

            public List<Sent> of(String bookingId) { return List.of(); }

            public void erase(String bookingId) { }
        };
        RecordingMailSender sender = new RecordingMailSender(message -> "ses-" + logged.size(), log, Clock.fixed(START, ZoneOffset.UTC));
        EmailMessage mail = new EmailMessage(Mailbox.sender("bookings@example.org"), List.of(new Mailbox("Ana", "ana@example.org")),
                List.of(new Mailbox("", "org@example.org")), Optional.empty(), "Subject", "text", "<p>html</p>", List.of());
        assertEquals(MailDelivery.Result.class, MailDelivery.send(sender, mail, "thanks", "b-1").getClass());
        MailDelivery.send(sender, mail, "digest", null);
        assertEquals(List.of("b-1 thanks ses-0 [ana@example.org, org@example.org]"), logged);
    }
}
