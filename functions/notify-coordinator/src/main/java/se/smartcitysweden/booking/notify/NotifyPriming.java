package se.smartcitysweden.booking.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.lambda.StreamEvents;
import se.smartcitysweden.booking.aws.lambda.StreamImages;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.BookingMails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The notify function's dry run before SnapStart's snapshot: parse the sample batch, render both mails, sign a link, read. */
final class NotifyPriming {
    private NotifyPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String table, SesV2Client ses, String senderAddress, BookingMails mails,
                      LinkSigner signer, StreamEntry answeredLocally) {
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
                    Priming.render(mails.toVisitor(booking));
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                            now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.MANAGE, booking.id(), now);
                })
                .readTable(dynamoDb, table)
                .step("ses-read", SesPriming.identityRead(() -> ses, senderAddress))
                .step("stream-entry-answered-locally", () -> {
                    // The sample batch through the function's own entry, claim, both sends and their
                    // records included, with clients that answer locally: nothing is written or sent.
                    ByteArrayOutputStream answer = new ByteArrayOutputStream();
                    try (InputStream sample = NotifyPriming.class.getResourceAsStream("/priming/new-booking.json")) {
                        answeredLocally.answer(sample, answer);
                    }
                    if (!Json.parse(answer.toByteArray()).path("batchItemFailures").isEmpty()) {
                        throw new IllegalStateException("the sample batch was not processed");
                    }
                });
    }

    /** The function's stream entry on clients that answer locally, as priming calls it. */
    interface StreamEntry {
        void answer(InputStream event, OutputStream answer) throws Exception;
    }
}
