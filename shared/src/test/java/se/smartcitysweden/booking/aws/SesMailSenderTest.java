package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.*;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.notification.EmailMessage;
import se.smartcitysweden.booking.notification.Mailbox;

/** The MIME the SES adapter sends, read back as a mail program would. */
class SesMailSenderTest {

    private static MimeMessage roundTrip(EmailMessage message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(SesMailSender.mime(message)));
    }

    @Test
    void givenNamesAndASubjectWithLineBreaks_whenBuilt_thenNoHeaderCanBeAdded() throws Exception {
        EmailMessage hostile = new EmailMessage(Mailbox.sender("bookings@example.org"),
                List.of(new Mailbox("Eve\r\nBcc: victim@example.org", "eve@example.org")), List.of(),
                Optional.of(new Mailbox("X\nReply-To: attacker@example.org", "x@example.org")),
                "Hello\r\nBcc: victim@example.org", "text", "<p>html</p>", List.of());
        MimeMessage mime = roundTrip(hostile);
        assertNull(mime.getHeader("Bcc"));
        assertEquals(1, mime.getHeader("Reply-To").length);
        assertEquals(1, mime.getRecipients(Message.RecipientType.TO).length);
        assertEquals("eve@example.org", ((jakarta.mail.internet.InternetAddress) mime.getRecipients(Message.RecipientType.TO)[0]).getAddress());
    }

    @Test
    void givenSwedishText_whenBuilt_thenSubjectNamesAndBothPartsSurvive() throws Exception {
        EmailMessage message = new EmailMessage(Mailbox.sender("bookings@example.org"),
                List.of(new Mailbox("Åsa Öberg", "asa@example.se")), List.of(Mailbox.of("umea@example.org")),
                Optional.of(Mailbox.of("umea@example.org")), "Besök i Umeå – bekräftelse", "Hej Åsa, välkommen!",
                "<p>Hej Åsa, välkommen!</p>", List.of(new EmailMessage.Attachment("besök.ics", "text/calendar; charset=UTF-8",
                        "BEGIN:VCALENDAR".getBytes())));
        MimeMessage mime = roundTrip(message);
        assertEquals("Besök i Umeå – bekräftelse", mime.getSubject());
        assertEquals("Åsa Öberg", ((jakarta.mail.internet.InternetAddress) mime.getRecipients(Message.RecipientType.TO)[0]).getPersonal());
        MimeMultipart mixed = (MimeMultipart) mime.getContent();
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertEquals("Hej Åsa, välkommen!", alternative.getBodyPart(0).getContent());
        assertEquals("<p>Hej Åsa, välkommen!</p>", alternative.getBodyPart(1).getContent());
        assertEquals("besök.ics", jakarta.mail.internet.MimeUtility.decodeText(mixed.getBodyPart(1).getFileName()));
    }
}
