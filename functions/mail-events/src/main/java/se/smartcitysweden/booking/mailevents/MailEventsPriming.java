package se.smartcitysweden.booking.mailevents;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The mail-events function's dry run before SnapStart's snapshot: parse the sample bounce, render the coordinators' notice, sign a link, read. */
final class MailEventsPriming {
    private MailEventsPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String table, Supplier<SesV2Client> ses, String senderAddress, String configurationSet,
                      CaseMails mails, LinkSigner signer) {
        return new Priming("mail-events")
                .step("dry-run", () -> {
                    SesEvents.Parsed parsed;
                    try (InputStream sample = MailEventsPriming.class.getResourceAsStream("/priming/ses-bounce.json")) {
                        parsed = SesEvents.parse(Json.MAPPER.readTree(sample));
                    }
                    if (parsed.error() != null) throw new IllegalStateException("the sample bounce was refused");
                    Instant now = Instant.now();
                    BookingCase sample = DynamoDbBookingCaseRepository.toCase(Priming.sampleItem());
                    // Sent through a client that answers locally: SendEmail's path runs, nothing reaches SES.
                    SesPriming.sendAnsweredLocally(SesMailSender.Budget.BACKGROUND, configurationSet,
                            mails.contactUnreachable(sample, false, now)).run();
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, sample.booking().id(),
                            sample.booking().node(), now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.MANAGE, sample.booking().id(), now);
                })
                .readTable(dynamoDb, table)
                .writesAnsweredLocally(table)
                .step("ses-read", SesPriming.identityRead(ses, senderAddress));
    }
}
