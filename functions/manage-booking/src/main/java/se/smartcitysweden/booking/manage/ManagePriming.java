package se.smartcitysweden.booking.manage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The manage function's dry run before SnapStart's snapshot: the coordinator's page requested through
 * the function's stream entry (the event read and the answer written as Lambda's runtime calls it)
 * with a validly signed link to a booking that does not exist (a read of
 * a missing item, token check, the not-found page), a mail rendered, one read per client.
 */
final class ManagePriming {
    /** No booking has this id (ids are random UUIDs). */
    static final String MISSING_BOOKING = "priming-no-such-booking";

    private ManagePriming() { }

    static Priming of(StreamEntry handler, LinkSigner signer, DynamoDbClient dynamoDb, String table, Supplier<SesV2Client> ses,
                      String senderAddress, String configurationSet, CaseMails mails, StreamEntry answeredLocally) {
        return new Priming("manage-booking")
                .step("dry-run", () -> {
                    Instant now = Instant.now();
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, MISSING_BOOKING, Node.values()[0],
                            now.plus(Duration.ofHours(1))));
                    ByteArrayOutputStream page = new ByteArrayOutputStream();
                    handler.answer(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(managePage(token))), page);
                    int status = Json.parse(page.toString(StandardCharsets.UTF_8)).path("statusCode").asInt();
                    if (status >= 500) throw new IllegalStateException("the priming page answered " + status);
                    BookingCase sample = DynamoDbBookingCaseRepository.toCase(Priming.sampleItem());
                    // A booking's page in both languages, as a found booking gets it (the link above finds none).
                    for (Language language : Language.values()) {
                        CoordinatorView.page(200, sample, PageWords.of(language), token, Focus.none(), now);
                    }
                    // Sent through a client that answers locally: SendEmail's path runs, nothing reaches SES.
                    SesPriming.sendAnsweredLocally(SesMailSender.Budget.INTERACTIVE, configurationSet,
                            mails.contactUnreachable(sample, false, now)).run();
                })
                .readTable(dynamoDb, table)
                .writesAnsweredLocally(table)
                .step("ses-read", SesPriming.identityRead(ses, senderAddress))
                .step("pages-answered-locally", () -> {
                    // The pages a mail's link opens, of a booking that is found (the sample, from a client
                    // that answers locally), through the function's own entry: the path the first
                    // coordinator or visitor takes after a restore.
                    BookingCase sample = DynamoDbBookingCaseRepository.toCase(Priming.sampleItem());
                    String id = sample.booking().id();
                    Instant expires = Instant.now().plus(Duration.ofHours(1));
                    for (Map.Entry<String, LinkSigner.Purpose> page : Map.of("manage", LinkSigner.Purpose.MANAGE,
                            "visit", LinkSigner.Purpose.VISITOR).entrySet()) {
                        String token = signer.sign(new LinkSigner.Claims(page.getValue(), id, sample.booking().node(), expires));
                        ByteArrayOutputStream answer = new ByteArrayOutputStream();
                        answeredLocally.answer(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(page(id, page.getKey(), token))), answer);
                        int status = Json.parse(answer.toString(StandardCharsets.UTF_8)).path("statusCode").asInt();
                        if (status != 200) throw new IllegalStateException("the " + page.getKey() + " page answered " + status);
                    }
                });
    }

    /** Shaped as events/apigw/manage-page.json. */
    static APIGatewayV2HTTPEvent managePage(String token) {
        return page(MISSING_BOOKING, "manage", token);
    }

    /** A GET of one of a booking's pages ({@code manage}, {@code visit}) with its link's token. */
    static APIGatewayV2HTTPEvent page(String bookingId, String page, String token) {
        String path = "/bookings/" + bookingId + "/" + page;
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("GET /bookings/{id}/" + page).withRawPath(path)
                .withRawQueryString("token=" + token).withQueryStringParameters(Map.of("token", token))
                .withPathParameters(Map.of("id", bookingId))
                .withHeaders(Map.of("accept", "text/html", "accept-language", "sv-SE,sv;q=0.9,en;q=0.8"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                        .build())
                .build();
    }

    /** The handler's stream entry, as priming calls it. */
    interface StreamEntry {
        void answer(InputStream event, OutputStream answer) throws Exception;
    }
}
