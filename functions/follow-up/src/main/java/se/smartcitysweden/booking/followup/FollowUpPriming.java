package se.smartcitysweden.booking.followup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.Priming;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.workflow.BookingCase;
import se.smartcitysweden.booking.workflow.WorkingDays;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The follow-up's dry run before SnapStart's snapshot: parse a schedule input, count working days, render a reminder, sign a link, read. */
final class FollowUpPriming {
    private FollowUpPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String table, Supplier<SesV2Client> ses, String senderAddress, CaseMails mails,
                      WorkingDays workingDays, LinkSigner signer) {
        return new Priming("follow-up")
                .step("dry-run", () -> {
                    Instant now = Instant.now();
                    Map<String, Object> input = FollowUpHandler.INPUT.readValue(
                            ("{\"scheduledTime\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8));
                    ScheduleInput.Parsed parsed = ScheduleInput.parse(input);
                    if (parsed.error() != null) throw new IllegalStateException("the priming input was refused");
                    workingDays.plusWorkingDays(now.atZone(ZoneId.of("Europe/Stockholm")).toLocalDate(), 3);
                    BookingCase sample = DynamoDbBookingCaseRepository.toCase(Priming.sampleItem());
                    Priming.render(mails.unansweredReminder(sample, 1, now));
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, sample.booking().id(),
                            sample.booking().node(), now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.FEEDBACK, sample.booking().id(), now);
                })
                .readTable(dynamoDb, table)
                .refusedUpdate(dynamoDb, table)
                .step("ses-read", SesMailSender.identityRead(ses, senderAddress));
    }
}
