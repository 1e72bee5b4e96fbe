package se.smartcitysweden.booking.console.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The console's dry run before SnapStart's snapshot: the sign-in page through the function's stream
 * entry (the event read and the answer written as Lambda's runtime calls it), the sign-in e-mail
 * rendered (not sent), a booking link signed and verified, one read per client.
 */
final class ConsolePriming {
    private ConsolePriming() { }

    static Priming of(StreamEntry handler, SignInMail signInMail, LinkSigner signer, DynamoDbClient dynamoDb, String table,
                      Supplier<SesV2Client> ses, String senderAddress, String configurationSet) {
        return new Priming("console")
                .step("dry-run", () -> {
                    ByteArrayOutputStream page = new ByteArrayOutputStream();
                    handler.answer(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(signInPage())), page);
                    int status = Json.parse(page.toString(StandardCharsets.UTF_8)).path("statusCode").asInt();
                    if (status >= 400) throw new IllegalStateException("the sign-in page answered " + status);
                    // Sent through a client that answers locally: SendEmail's path runs, nothing reaches SES.
                    SesPriming.sendAnsweredLocally(SesMailSender.Budget.INTERACTIVE, configurationSet,
                            signInMail.message("priming@example.org", "https://example.org/console/sign-in?token=priming")).run();
                    Instant now = Instant.now();
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, "priming", Node.values()[0],
                            now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.MANAGE, "priming", now);
                })
                .readTable(dynamoDb, table)
                .writesAnsweredLocally(table)
                .step("ses-read", SesPriming.identityRead(ses, senderAddress));
    }

    /** Shaped as events/apigw/console-sign-in-page.json. */
    static APIGatewayV2HTTPEvent signInPage() {
        String path = "/console/sign-in";
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("GET " + path).withRawPath(path).withRawQueryString("")
                .withHeaders(Map.of("accept", "text/html", "accept-language", "sv-SE,sv;q=0.9,en;q=0.8"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                        .build())
                .build();
    }

    /** The handler's stream entry, as priming calls it. */
    interface StreamEntry {
        void answer(InputStream event, OutputStream answer) throws IOException;
    }
}
