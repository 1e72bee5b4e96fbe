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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.Mailbox;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * {@link MailSender} on Amazon SES v2. Messages go as raw MIME (built with Jakarta Mail) so
 * both the text and HTML parts, Reply-To and attachments arrive exactly as written; display
 * names are always RFC 2047-encoded and subjects encoded by the library, so nothing typed can
 * add a header or a recipient.
 *
 * <p>SES has no idempotency key: a send that reached SES and got no clear answer may have been
 * sent. So the client retries only what was certainly not sent (throttling, a refused
 * connection), and its timeouts are long enough for SES's slow answers; a timeout after the
 * request was written or a 5xx is reported as {@code MAYBE_SENT} and not retried
 * here (the caller's claim goes stale and the safety net sends again: twice rather than never).
 */
public final class SesMailSender implements MailSender {
    /** Longer display names are cut: a name is for the reader, not a place for text. */
    static final int MAX_DISPLAY_NAME = 100;
    private final Supplier<SesV2Client> ses;
    private final String configurationSet;

    /** How long one send may take, by who waits for it. */
    public enum Budget {
        /**
         * The stream and schedule functions (timeouts 60 s and 300 s): SES's rare slow answers
         * (seconds, sometimes more) are waited for instead of being sent again.
         */
        BACKGROUND(Duration.ofSeconds(30), Duration.ofSeconds(40)),
        /**
         * The manage function answers a person through API Gateway (30 s; the function 20 s) and
         * reads and writes DynamoDB too: a slow send gives up sooner, the notice stays due and
         * the follow-up's safety net sends it.
         */
        INTERACTIVE(Duration.ofSeconds(8), Duration.ofSeconds(10));

        final Duration attempt;
        final Duration call;

        Budget(Duration attempt, Duration call) {
            this.attempt = attempt;
            this.call = call;
        }
    }

    public SesMailSender(SesV2Client ses, String configurationSet) {
        this(() -> ses, configurationSet);
    }

    /** With the client built when the first mail goes (see {@link BuiltOnFirstUse}). */
    public SesMailSender(Supplier<SesV2Client> ses, String configurationSet) {
        this.ses = ses;
        this.configurationSet = configurationSet;
    }

    /** The SES client of a function that sends on some paths only: built on the first send, for how long its sends may take. */
    public static BuiltOnFirstUse<SesV2Client> clientOnFirstUse(Budget budget, java.util.Map<String, String> env) {
        return BuiltOnFirstUse.of(() -> defaultClient(budget, env));
    }

    /** The SES client a function builds once per container, for how long its sends may take. */
    public static SesV2Client defaultClient(Budget budget, java.util.Map<String, String> env) {
        return clientBuilder(budget).credentialsProvider(AwsClients.credentials(env)).build();
    }

    /** The client's settings, for {@link #defaultClient} and for tests that point it at a local SES. */
    public static SesV2ClientBuilder clientBuilder(Budget budget) {
        return settings(budget).httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(budget.attempt)
                        .build());
    }

    /** The client's settings without its HTTP client (priming gives it {@code AnsweredLocally}). */
    public static SesV2ClientBuilder settings(Budget budget) {
        return SesV2Client.builder()
                .credentialsProvider(AwsClients.credentials())
                .region(AwsClients.region())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(budget.attempt)
                        .apiCallTimeout(budget.call)
                        .retryStrategy(retryStrategy())
                        .build());
    }

    /** Retries only sends that certainly did not go: throttled, or no connection made. */
    static RetryStrategy retryStrategy() {
        return DefaultRetryStrategy.standardStrategyBuilder()
                .useClientDefaults(false) // the SDK's defaults would also retry timeouts and 5xx
                .maxAttempts(3)
                .retryOnException(SesMailSender::certainlyNotSent)
                .treatAsThrottling(SesMailSender::throttled)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(5)))
                .build();
    }

    static boolean certainlyNotSent(Throwable failure) {
        return throttled(failure) || (failure instanceof SdkClientException && ConnectionFailures.neverConnected(failure));
    }

    private static boolean throttled(Throwable failure) {
        if (!(failure instanceof SesV2Exception e)) return false;
        String code = code(e);
        return e.statusCode() == 429 || e.isThrottlingException() || code.equals("TooManyRequestsException")
                || code.equals("Throttling") || code.equals("ThrottlingException") || code.equals("LimitExceededException");
    }

    private static boolean paused(SesV2Exception e) {
        String code = code(e);
        return e instanceof software.amazon.awssdk.services.sesv2.model.SendingPausedException
                || e instanceof AccountSuspendedException
                || code.startsWith("SendingPaused") || code.startsWith("AccountSuspended");
    }

    private static String code(SesV2Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "SesError"
                : e.awsErrorDetails().errorCode();
    }

    @Override
    public String send(EmailMessage message) throws SendFailedException {
        byte[] mime = mime(message);
        try {
            return ses.get().sendEmail(request -> {
                request.fromEmailAddress(message.from().address())
                        .destination(d -> d.toAddresses(addresses(message.to())).ccAddresses(addresses(message.cc())))
                        .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(mime))));
                if (configurationSet != null && !configurationSet.isBlank()) {
                    request.configurationSetName(configurationSet);
                }
                if (!message.tags().isEmpty()) request.emailTags(tags(message.tags()));
            }).messageId();
        } catch (SesV2Exception e) {
            // Only the error code is passed on: SES's messages can quote e-mail addresses.
            String code = code(e);
            if (throttled(e)) throw new SendFailedException(MailSender.Status.DELAYED, code, e);
            if (paused(e)) throw new SendFailedException(MailSender.Status.PAUSED, code, e);
            if (e.statusCode() >= 500) throw new SendFailedException(MailSender.Status.MAYBE_SENT, code, e);
            throw new SendFailedException(MailSender.Status.REJECTED, code, e);
        } catch (SdkClientException e) {
            if (ConnectionFailures.neverConnected(e)) throw new SendFailedException(MailSender.Status.DELAYED, "SesUnreachable", e);
            throw new SendFailedException(MailSender.Status.MAYBE_SENT, "SesNoAnswer", e);
        }
    }

    /** SES takes tag names and values of letters, digits, '_' and '-' only (at most 256). */
    static List<MessageTag> tags(java.util.Map<String, String> tags) {
        return tags.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(tag -> MessageTag.builder().name(tagText(tag.getKey())).value(tagText(tag.getValue())).build())
                .toList();
    }

    private static String tagText(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return clean.length() > 256 ? clean.substring(0, 256) : clean;
    }

    private static List<String> addresses(List<Mailbox> mailboxes) {
        return mailboxes.stream().map(Mailbox::address).toList();
    }

    /**
     * The message as MIME: multipart/alternative (text, HTML), inside multipart/mixed when there are attachments. A
     * calendar invitation or cancellation (an attachment of type {@code text/calendar; method=...}) is also the
     * alternative's last part, as Outlook and Gmail send theirs and show as an invitation (with its buttons), and
     * stays attached as a .ics file for other programs.
     */
    public static byte[] mime(EmailMessage message) {
        try {
            MimeMessage mime = new MimeMessage(Mime.SESSION);
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
            for (EmailMessage.Attachment attachment : message.attachments()) {
                if (!isInvitation(attachment.contentType())) continue;
                MimeBodyPart calendar = new MimeBodyPart();
                calendar.setContent(new String(attachment.content(), java.nio.charset.StandardCharsets.UTF_8), attachment.contentType());
                // Folded lines and CRLF as RFC 5545 wrote them; base64 keeps them through any mail server.
                calendar.setHeader("Content-Transfer-Encoding", "base64");
                alternative.addBodyPart(calendar);
            }

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

    /** An iTIP message (RFC 6047): text/calendar with its method (REQUEST, CANCEL), not a calendar to publish. */
    static boolean isInvitation(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        return type.startsWith("text/calendar") && (type.contains("method=request") || type.contains("method=cancel"));
    }

    /** Jakarta Mail's session, set up when the first message is built, not when a sender is. */
    private static final class Mime {
        static final Session SESSION = Session.getInstance(new Properties());
    }

    private static InternetAddress[] addressArray(List<Mailbox> mailboxes) throws UnsupportedEncodingException {
        InternetAddress[] addresses = new InternetAddress[mailboxes.size()];
        for (int i = 0; i < addresses.length; i++) addresses[i] = address(mailboxes.get(i));
        return addresses;
    }

    /**
     * The address with its display name as one RFC 2047 encoded word: base64 letters only, so
     * no quote, comma, angle bracket, '@' or line break of the name is left for any parser, strict
     * or lenient, to read as another address. Control characters go; long names are cut.
     */
    static InternetAddress address(Mailbox mailbox) throws UnsupportedEncodingException {
        InternetAddress address = new InternetAddress(mailbox.address(), null, "UTF-8");
        String name = displayName(mailbox.name());
        if (name.isEmpty()) return address;
        try {
            return new InternetAddress(encodedWords(name) + " <" + mailbox.address() + ">", true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("not an address", e);
        }
    }

    /**
     * The name as "B" encoded words of at most 45 UTF-8 bytes each (RFC 2047's 75 characters a
     * word), never splitting a character. The library's own encoding would leave ASCII as it is.
     */
    private static String encodedWords(String name) {
        StringBuilder words = new StringBuilder();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            if (chunk.size() + bytes.length > 45) {
                appendWord(words, chunk.toByteArray());
                chunk.reset();
            }
            chunk.writeBytes(bytes);
            i += Character.charCount(codePoint);
        }
        appendWord(words, chunk.toByteArray());
        return words.toString();
    }

    private static void appendWord(StringBuilder words, byte[] utf8) {
        if (!words.isEmpty()) words.append(' ');
        words.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(utf8)).append("?=");
    }

    static String displayName(String name) {
        String visible = name.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ").strip();
        return visible.codePointCount(0, visible.length()) <= MAX_DISPLAY_NAME ? visible
                : visible.substring(0, visible.offsetByCodePoints(0, MAX_DISPLAY_NAME));
    }
}
