package se.smartcitysweden.booking.console.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.port.SignInMailer;

/**
 * The sign-in e-mail: the one-time link, how long it works, and what to do when it was not asked
 * for; text and HTML in the coordinators' language. A failed send is logged (no address) and the
 * browser gets the same answer as ever: the person asks again.
 */
public final class SignInMail implements SignInMailer {
    private final MailSender sender;
    private final Mailbox from;
    private final ConsoleWords words;

    SignInMail(MailSender sender, Mailbox from, ConsoleWords words) {
        this.sender = sender;
        this.from = from;
        this.words = words;
    }

    @Override
    public void send(String address, String link, Principal principal) {
        EmailMessage message = message(address, link);
        try {
            sender.send(message);
            Log.info("console.signin.mailed").field("who", principal.who()).write();
        } catch (MailSender.SendFailedException e) {
            Log.warn("console.signin.mail.failed").field("who", principal.who()).field("code", e.code())
                    .field("status", e.status().name()).write();
        }
    }

    /** The sign-in e-mail in a language, not sent: the local runtime's mail gallery shows it. */
    public static EmailMessage preview(Language language, Mailbox from, String address, String link) {
        return new SignInMail(null, from, new ConsoleWords(language)).message(address, link);
    }

    /** The sign-in e-mail, not sent (SnapStart priming renders it too). */
    EmailMessage message(String address, String link) {
        Map<String, Object> context = Map.of("link", link, "t", Map.of("intro", words.get("mail.intro"),
                "button", words.get("mail.button"), "expires", words.format("mail.expires", 15), "notYou", words.get("mail.notYou")),
                "lang", words.language().code(), "subject", words.get("mail.subject"));
        return new EmailMessage(from, List.of(Mailbox.of(address)), List.of(), Optional.empty(),
                words.get("mail.subject"), ConsoleHttp.TEMPLATES.text("mail", context), ConsoleHttp.TEMPLATES.html("mail", context), List.of(),
                Map.of("kind", "console-signin"));
    }
}
