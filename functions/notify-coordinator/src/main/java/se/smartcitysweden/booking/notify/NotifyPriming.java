package se.smartcitysweden.booking.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.Priming;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.StreamEvents;
import se.smartcitysweden.booking.aws.StreamImages;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.BookingMails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The notify function's dry run before SnapStart's snapshot: parse the sample batch, render both mails, sign a link, read. */
final class NotifyPriming {
    private NotifyPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String table, SesV2Client ses, String senderAddress, String configurationSet,
                      BookingMails mails, LinkSigner signer) {
        return new Priming("notify-coordinator")
                .step("dry-run", () -> {
                    DynamodbEvent event;
                    try (InputStream sample = NotifyPriming.class.getResourceAsStream("/priming/new-booking.json")) {
                        event = StreamEvents.read(sample);
                    }
                    Booking booking = DynamoDbBookingRepository.toBooking(
                            StreamImages.toSdk(event.getRecords().get(0).getDynamodb().getNewImage()));
                    Instant now = Instant.now();
                    Priming.render(mails.toCoordinators(booking, now));
                    // Sent through a client that answers locally: SendEmail's path runs, nothing reaches SES.
                    SesMailSender.sendAnsweredLocally(SesMailSender.Budget.BACKGROUND, configurationSet, mails.toVisitor(booking)).run();
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                            now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.MANAGE, booking.id(), now);
                })
                .readTable(dynamoDb, table)
                .writesAnsweredLocally(table)
                .step("ses-read", SesMailSender.identityRead(() -> ses, senderAddress));
    }
}
