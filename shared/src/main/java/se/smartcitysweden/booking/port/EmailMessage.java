package se.smartcitysweden.booking.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One e-mail, ready to send: both a plain-text and an HTML body, optionally an attachment.
 *
 * @param tags what the e-mail is about, for the provider's delivery reports (booking id, kind):
 *             identifiers only, they travel with bounce and complaint events
 */
public record EmailMessage(Mailbox from, List<Mailbox> to, List<Mailbox> cc, Optional<Mailbox> replyTo,
                           String subject, String text, String html, List<Attachment> attachments,
                           Map<String, String> tags) {

    public EmailMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
        tags = Map.copyOf(tags);
    }

    public EmailMessage(Mailbox from, List<Mailbox> to, List<Mailbox> cc, Optional<Mailbox> replyTo,
                        String subject, String text, String html, List<Attachment> attachments) {
        this(from, to, cc, replyTo, subject, text, html, attachments, Map.of());
    }

    public EmailMessage withTags(Map<String, String> newTags) {
        return new EmailMessage(from, to, cc, replyTo, subject, text, html, attachments, newTags);
    }

    public record Attachment(String fileName, String contentType, byte[] content) { }
}
