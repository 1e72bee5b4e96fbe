package se.smartcitysweden.booking.followup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.MailTable;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.overview.BookingsExport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The follow-up's dry run before SnapStart's snapshot: parse a schedule input, count working days, render a
 * reminder, send the digest with its CSV through a client that answers locally, sign a link, read.
 */
final class FollowUpPriming {
    private FollowUpPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String table, Supplier<SesV2Client> ses, String senderAddress, String configurationSet,
                      CaseMails mails,
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
                    // The Monday digest with its CSV attachment, sent through a client that answers
                    // locally: SendEmail's path runs, nothing reaches SES.
                    MailWords words = mails.coordinatorWords();
                    SesPriming.sendAnsweredLocally(SesMailSender.Budget.BACKGROUND, configurationSet, mails.digest("2030-W01",
                            List.of(new MailTable(words.get("digest.nodes"), List.of(words.get("digest.node")),
                                    List.of(List.of(sample.booking().node().city())), "")),
                            BookingsExport.csv(List.of(se.smartcitysweden.booking.domain.OverviewRow.of(sample)), words.language()))).run();
                    // The run's report, written as the stream entry writes it.
                    Json.MAPPER.writeValueAsBytes(Map.of("status", "done", "scheduledTime", now.toString(), "dueCases", 0,
                            "digestSent", false));
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, sample.booking().id(),
                            sample.booking().node(), now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.FEEDBACK, sample.booking().id(), now);
                })
                .readTable(dynamoDb, table)
                .refusedUpdate(dynamoDb, table)
                .writesAnsweredLocally(table)
                .step("ses-read", SesPriming.identityRead(ses, senderAddress));
    }
}
