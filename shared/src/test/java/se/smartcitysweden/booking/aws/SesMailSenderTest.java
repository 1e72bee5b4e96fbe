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
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;

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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "eve \"bcc: evil@evil.example\" <evil@evil.example>", "Mallory, <evil@evil.example>, \"x\"",
            "bcc: evil@evil.example", "\"\\\", evil@evil.example", "Eve\r\nBcc: evil@evil.example", "Eve\nCc: evil@evil.example",
            "=?UTF-8?B?ZXZpbEBldmlsLmV4YW1wbGU=?=", "Åsa Öberg (evil@evil.example) <", "Ø\u0000\u2028Zoë; evil@evil.example",
            "ab\"cd\"ef <evil@evil.example> ööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööööö" +
                    "öööööööööööööööööööööööööööööööööööööööööööö <evil@evil.example>"})
    void givenAHostileDisplayName_whenBuilt_thenEveryParserReadsExactlyTheIntendedAddresses(String name) throws Exception {
        EmailMessage message = new EmailMessage(Mailbox.sender("bookings@example.org"),
                List.of(new Mailbox(name, "ana@example.org")), List.of(new Mailbox(name, "agent@example.org")),
                Optional.of(new Mailbox(name, "reply@example.org")), "Subject", "text", "<p>html</p>", List.of());
        String raw = new String(SesMailSender.mime(message), java.nio.charset.StandardCharsets.UTF_8);
        MimeMessage mime = roundTrip(message);
        assertNull(mime.getHeader("Bcc"), raw);
        assertHeader(mime, "To", "ana@example.org", raw);
        assertHeader(mime, "Cc", "agent@example.org", raw);
        assertHeader(mime, "Reply-To", "reply@example.org", raw);
        // The name still reaches the reader, decoded (control characters and line breaks left out).
        String personal = ((jakarta.mail.internet.InternetAddress) mime.getRecipients(Message.RecipientType.TO)[0]).getPersonal();
        assertFalse(personal.chars().anyMatch(Character::isISOControl), personal);
        assertTrue(personal.startsWith(name.substring(0, 2).replaceAll("\\p{Cntrl}", "")), personal);
    }

    private static void assertHeader(MimeMessage mime, String header, String address, String raw) throws Exception {
        String[] values = mime.getHeader(header);
        assertEquals(1, values.length, raw);
        String value = values[0];
        for (boolean strict : new boolean[] {true, false}) {
            jakarta.mail.internet.InternetAddress[] parsed = jakarta.mail.internet.InternetAddress.parseHeader(value, strict);
            assertEquals(List.of(address), java.util.Arrays.stream(parsed).map(jakarta.mail.internet.InternetAddress::getAddress)
                    .toList(), (strict ? "strict " : "lenient ") + header + ": " + value);
        }
        // Nothing a careless parser could take for another address: one '@', inside the angle brackets.
        assertEquals(1, value.chars().filter(c -> c == '@').count(), value);
        assertTrue(value.endsWith("<" + address + ">"), value);
        assertFalse(value.substring(0, value.lastIndexOf('<')).matches("(?s).*[\",<>;:@\\\\].*"), value);
    }

    @Test
    void givenSendFailures_whenClassified_thenOnlyThoseCertainlyNotSentAreRetried() {
        java.util.function.Function<Integer, software.amazon.awssdk.services.sesv2.model.SesV2Exception> ses = status ->
                (software.amazon.awssdk.services.sesv2.model.SesV2Exception) software.amazon.awssdk.services.sesv2.model.SesV2Exception
                        .builder().statusCode(status).awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails
                                .builder().errorCode(status == 429 ? "TooManyRequestsException" : "InternalFailure").build())
                        .build();
        assertTrue(SesMailSender.certainlyNotSent(ses.apply(429)), "throttled");
        assertTrue(SesMailSender.certainlyNotSent(software.amazon.awssdk.core.exception.SdkClientException.create("refused",
                new java.net.ConnectException("Connection refused"))), "no connection");
        assertTrue(SesMailSender.certainlyNotSent(software.amazon.awssdk.core.exception.SdkClientException.create("connect",
                new java.net.SocketTimeoutException("Connect timed out"))), "connect timeout");
        assertFalse(SesMailSender.certainlyNotSent(ses.apply(500)), "a 5xx may have been sent");
        assertFalse(SesMailSender.certainlyNotSent(software.amazon.awssdk.core.exception.SdkClientException.create("read",
                new java.net.SocketTimeoutException("Read timed out"))), "no answer after the request was written");
    }

    @Test
    void givenACalendarInvitation_whenBuilt_thenItIsAnAlternativeAsOutlookAndGmailExpectAndStillAFile() throws Exception {
        String ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
        EmailMessage message = new EmailMessage(Mailbox.sender("bookings@example.org"), List.of(Mailbox.of("ana@example.org")),
                List.of(), Optional.empty(), "Confirmed", "text", "<p>html</p>", List.of(new EmailMessage.Attachment("visit.ics",
                "text/calendar; charset=UTF-8; method=REQUEST", ics.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        MimeMessage mime = roundTrip(message);
        MimeMultipart mixed = (MimeMultipart) mime.getContent();
        assertTrue(mixed.getContentType().startsWith("multipart/mixed"), mixed.getContentType());
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertEquals(3, alternative.getCount());
        assertTrue(alternative.getBodyPart(2).getContentType().replace(" ", "").toLowerCase().contains("text/calendar"),
                alternative.getBodyPart(2).getContentType());
        assertTrue(alternative.getBodyPart(2).getContentType().toLowerCase().contains("method=request"));
        assertEquals(ics, new String(alternative.getBodyPart(2).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("visit.ics", mixed.getBodyPart(1).getFileName());

        // A calendar to publish (no method, or PUBLISH) is a file only.
        EmailMessage file = new EmailMessage(message.from(), message.to(), List.of(), Optional.empty(), "File", "t", "<p>h</p>",
                List.of(new EmailMessage.Attachment("a.ics", "text/calendar; charset=UTF-8; method=PUBLISH", ics.getBytes())));
        assertEquals(2, ((MimeMultipart) ((MimeMultipart) roundTrip(file).getContent()).getBodyPart(0).getContent()).getCount());
    }
}
