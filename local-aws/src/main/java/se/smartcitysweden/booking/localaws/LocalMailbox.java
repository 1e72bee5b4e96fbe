package se.smartcitysweden.booking.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The e-mails the local SES (moto) has accepted, read back from moto's state
 * ({@code GET /moto-api/data.json?service=ses}: SES's part alone through moto_launcher.py, the whole state from moto
 * as installed) and parsed as MIME, as the recipient would see them.
 */
public final class LocalMailbox {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Session SESSION = Session.getInstance(new Properties());
    private final URI endpoint;
    private final java.util.Map<String, SentMail> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    public LocalMailbox(URI endpoint) {
        this.endpoint = endpoint;
    }

    public record Attachment(String fileName, String contentType, byte[] content) { }

    public record SentMail(String messageId, String from, List<String> to, List<String> cc, List<String> replyTo,
                           String subject, String text, String html, List<Attachment> attachments, String raw) {
        public List<String> recipients() {
            List<String> all = new ArrayList<>(to);
            all.addAll(cc);
            return all;
        }
    }

    /**
     * moto's state of SES. moto walks the tracked instances to write it, and answers 500 when another request changes
     * one meanwhile (a function sending mail): such a read is tried again.
     */
    private JsonNode state() {
        IOException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (InputStream in = endpoint.resolve("/moto-api/data.json?service=ses").toURL().openStream()) {
                return MAPPER.readTree(in);
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("cannot read moto's state at " + endpoint, last);
    }

    /** Every accepted e-mail, oldest first. */
    public List<SentMail> messages() {
        JsonNode ses = state().path("ses");
        List<SentMail> mails = new ArrayList<>();
        for (JsonNode raw : ses.path("RawMessage")) {
            String id = raw.path("id").asText();
            String data = raw.path("raw_data").asText();
            // A message never changes once accepted: parse it once (a busy mailbox is read again and again).
            SentMail known = parsed.get(id);
            if (known == null || !known.raw().equals(data)) {
                known = parse(id, data);
                parsed.put(id, known);
            }
            mails.add(known);
        }
        return mails;
    }

    public static SentMail parse(String messageId, String raw) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            Parts parts = new Parts();
            parts.collect(message);
            return new SentMail(messageId, addresses(message.getFrom()).stream().findFirst().orElse(""),
                    addresses(message.getRecipients(Message.RecipientType.TO)),
                    addresses(message.getRecipients(Message.RecipientType.CC)),
                    addresses(message.getReplyTo()), message.getSubject(), parts.text, parts.html,
                    parts.attachments, raw);
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("not a MIME message", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        if (addresses == null) return List.of();
        return Arrays.stream(addresses).map(a -> a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString())
                .toList();
    }

    private static final class Parts {
        String text = "";
        String html = "";
        final List<Attachment> attachments = new ArrayList<>();

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                attachments.add(new Attachment(part.getFileName(), part.getContentType(),
                        part.getInputStream().readAllBytes()));
            } else if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            }
        }
    }
}
