package se.smartcitysweden.booking.notification;

import java.util.List;
import java.util.Optional;

/** One e-mail, ready to send: both a plain-text and an HTML body, optionally an attachment. */
public record EmailMessage(Mailbox from, List<Mailbox> to, List<Mailbox> cc, Optional<Mailbox> replyTo,
                           String subject, String text, String html, List<Attachment> attachments) {

    public EmailMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
    }

    public record Attachment(String fileName, String contentType, byte[] content) { }
}
