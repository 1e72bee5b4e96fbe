package se.smartcitysweden.booking.aws;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.List;
import java.util.Properties;
import se.smartcitysweden.booking.notification.EmailMessage;
import se.smartcitysweden.booking.notification.Mailbox;
import se.smartcitysweden.booking.port.MailSender;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * {@link MailSender} on Amazon SES v2. Messages go as raw MIME (built with Jakarta Mail) so
 * both the text and HTML parts, Reply-To and attachments arrive exactly as written; names and
 * subjects are RFC 2047-encoded by the library, so nothing typed can add a header.
 */
public final class SesMailSender implements MailSender {
    private static final Session SESSION = Session.getInstance(new Properties());
    private final SesV2Client ses;
    private final String configurationSet;

    public SesMailSender(SesV2Client ses, String configurationSet) {
        this.ses = ses;
        this.configurationSet = configurationSet;
    }

    /** The SES client a function builds once per container (see {@link AwsClients} for why so). */
    public static SesV2Client defaultClient() {
        return SesV2Client.builder().httpClient(AwsClients.httpClient()).credentialsProvider(AwsClients.credentials())
                .region(AwsClients.region()).build();
    }

    @Override
    public String send(EmailMessage message) throws MailRejectedException, MailDelayedException {
        byte[] mime = mime(message);
        try {
            return ses.sendEmail(request -> {
                request.fromEmailAddress(message.from().address())
                        .destination(d -> d.toAddresses(addresses(message.to())).ccAddresses(addresses(message.cc())))
                        .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(mime))));
                if (configurationSet != null && !configurationSet.isBlank()) {
                    request.configurationSetName(configurationSet);
                }
            }).messageId();
        } catch (SesV2Exception e) {
            // Only the error code is passed on: SES's messages can quote e-mail addresses.
            String code = e.awsErrorDetails() == null ? "SesError" : e.awsErrorDetails().errorCode();
            if (e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500) {
                throw new MailDelayedException(code, e);
            }
            throw new MailRejectedException(code, e);
        } catch (SdkClientException e) {
            throw new MailDelayedException("SesUnreachable", e);
        }
    }

    private static List<String> addresses(List<Mailbox> mailboxes) {
        return mailboxes.stream().map(Mailbox::address).toList();
    }

    /** The message as MIME: multipart/alternative (text, HTML), inside multipart/mixed when there are attachments. */
    static byte[] mime(EmailMessage message) {
        try {
            MimeMessage mime = new MimeMessage(SESSION);
            mime.setFrom(address(message.from()));
            mime.setRecipients(jakarta.mail.Message.RecipientType.TO, addressArray(message.to()));
            if (!message.cc().isEmpty()) mime.setRecipients(jakarta.mail.Message.RecipientType.CC, addressArray(message.cc()));
            if (message.replyTo().isPresent()) mime.setReplyTo(new InternetAddress[] {address(message.replyTo().get())});
            mime.setSubject(message.subject(), "UTF-8");

            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);

            if (message.attachments().isEmpty()) {
                mime.setContent(alternative);
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                body.setContent(alternative);
                mixed.addBodyPart(body);
                for (EmailMessage.Attachment attachment : message.attachments()) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
                    part.setFileName(attachment.fileName());
                    mixed.addBodyPart(part);
                }
                mime.setContent(mixed);
            }
            mime.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("cannot build the MIME message", e);
        }
    }

    private static InternetAddress[] addressArray(List<Mailbox> mailboxes) throws UnsupportedEncodingException {
        InternetAddress[] addresses = new InternetAddress[mailboxes.size()];
        for (int i = 0; i < addresses.length; i++) addresses[i] = address(mailboxes.get(i));
        return addresses;
    }

    private static InternetAddress address(Mailbox mailbox) throws UnsupportedEncodingException {
        return mailbox.name().isBlank() ? new InternetAddress(mailbox.address(), null, "UTF-8")
                : new InternetAddress(mailbox.address(), mailbox.name(), "UTF-8");
    }
}
