package se.smartcitysweden.booking.console.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import se.smartcitysweden.booking.aws.Priming;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.LinkSigner;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The console's dry run before SnapStart's snapshot: the sign-in page through the function's own
 * HTTP path, the sign-in e-mail rendered (not sent), a booking link signed and verified, one read per client.
 */
final class ConsolePriming {
    private ConsolePriming() { }

    static Priming of(ConsoleHttp http, SignInMail signInMail, LinkSigner signer, DynamoDbClient dynamoDb, String table,
                      SesV2Client ses, String senderAddress) {
        return new Priming("console")
                .step("dry-run", () -> {
                    APIGatewayV2HTTPResponse page = http.handle(signInPage());
                    if (page.getStatusCode() >= 400) throw new IllegalStateException("the sign-in page answered " + page.getStatusCode());
                    Priming.render(signInMail.message("priming@example.org", "https://example.org/console/sign-in?token=priming"));
                    Instant now = Instant.now();
                    String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, "priming", Node.values()[0],
                            now.plus(Duration.ofHours(1))));
                    signer.verify(token, LinkSigner.Purpose.MANAGE, "priming", now);
                })
                .readTable(dynamoDb, table)
                .step("ses-read", SesMailSender.identityRead(ses, senderAddress));
    }

    /** Shaped as events/apigw/console-sign-in-page.json. */
    private static APIGatewayV2HTTPEvent signInPage() {
        String path = "/console/sign-in";
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("GET " + path).withRawPath(path).withRawQueryString("")
                .withHeaders(Map.of("accept", "text/html", "accept-language", "sv-SE,sv;q=0.9,en;q=0.8"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                        .build())
                .build();
    }
}
