package se.smartcitysweden.booking.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.web.Routes;

/**
 * A function behind the HTTP API (submit, manage, console): API Gateway's event (payload 2.0) turned into an
 * {@link HttpRequest} once, answered by the function's {@link Routes}, and the {@link HttpAnswer} turned back into
 * API Gateway's response. The web layer knows nothing of AWS; this is where the two meet.
 */
public final class HttpApiFunction {
    private final Routes routes;

    public HttpApiFunction(Routes routes) {
        this.routes = routes;
    }

    /** Lambda's entry (the Runtime API's JSON in and out, read and written with the function's own Jackson). */
    public void handle(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiStreams.write(handle(HttpApiStreams.read(input), context), output);
    }

    /** The same with the event as an object (the tests' entry); every log line carries the invocation's ids. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context == null ? null : context.getAwsRequestId(), LogContext.traceHeader())) {
            return response(routes.answer(request(event)));
        }
    }

    /** The request as the event tells it; a direct invoke may leave out the request context. */
    public static HttpRequest request(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = context == null ? null : context.getHttp();
        String method = http == null ? null : http.getMethod();
        String routeKey = event.getRouteKey();
        if (method == null && routeKey != null && routeKey.contains(" ")) method = routeKey.substring(0, routeKey.indexOf(' '));
        String path = event.getRawPath() != null ? event.getRawPath() : http == null ? null : http.getPath();
        return new HttpRequest(method, path, event.getHeaders(), event.getQueryStringParameters(), event.getCookies(),
                context == null ? null : context.getDomainName(), http == null ? null : http.getSourceIp(),
                event.getBody(), event.getIsBase64Encoded());
    }

    public static APIGatewayV2HTTPResponse response(HttpAnswer answer) {
        APIGatewayV2HTTPResponse.APIGatewayV2HTTPResponseBuilder response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status()).withHeaders(answer.headers()).withBody(answer.body())
                .withIsBase64Encoded(answer.base64());
        if (!answer.cookies().isEmpty()) response.withCookies(answer.cookies());
        return response.build();
    }
}
