package se.smartcitysweden.booking.aws.priming;

import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.SesMailSender.Budget;
import se.smartcitysweden.booking.port.EmailMessage;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * SnapStart priming's SES steps, apart from {@link Priming} so that the functions without SES
 * (submit) never load an SES type.
 */
public final class SesPriming {
    private SesPriming() { }

    /** SnapStart priming's SES read: GetEmailIdentity of the sender's domain (the stack's identity); sends nothing. */
    public static Priming.Step identityRead(Supplier<SesV2Client> ses, String senderAddress) {
        String domain = senderAddress.substring(senderAddress.lastIndexOf('@') + 1);
        return () -> ses.get().getEmailIdentity(request -> request.emailIdentity(domain));
    }

    /**
     * SnapStart priming's send: the message goes through SesMailSender's whole path (MIME, the
     * SendEmail request, signing, the answer) on a client with the budget's settings whose HTTP
     * client answers it itself ({@link AnsweredLocally}): nothing reaches SES.
     */
    public static Priming.Step sendAnsweredLocally(Budget budget, String configurationSet, EmailMessage message) {
        return () -> {
            try (SesV2Client dry = clientAnsweredLocally(budget)) {
                new SesMailSender(dry, configurationSet).send(message);
            }
        };
    }

    /**
     * For SnapStart priming only: an SES client with the budget's settings whose every send is
     * answered by {@link AnsweredLocally} (nothing reaches SES). Built when priming runs, never at init.
     */
    public static SesV2Client clientAnsweredLocally(Budget budget) {
        return SesMailSender.settings(budget).httpClient(new AnsweredLocally("{\"MessageId\":\"priming\"}")).build();
    }
}
