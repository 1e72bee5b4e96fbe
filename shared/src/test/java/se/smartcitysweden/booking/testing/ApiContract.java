package se.smartcitysweden.booking.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * An HTTP function's answer checked against the API contract, api/openapi.yaml: its status is one
 * the operation lists, its content type one of that status's, a JSON body matches its schema, and
 * the headers the contract requires (Location, Retry-After, Content-Disposition) are there. Requests
 * for a route the contract does not have (a method API Gateway never routes, an unknown path) are not
 * checked: API Gateway answers them before any function runs.
 */
public final class ApiContract {
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(read(contract()))
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    private ApiContract() { }

    /** The response, after failing the test unless the contract allows it as the answer to the event. */
    public static APIGatewayV2HTTPResponse checked(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        ValidationReport report = VALIDATOR.validateResponse(path(event), Request.Method.valueOf(method(event)), response(response));
        if (report.hasErrors()) {
            throw new AssertionError("the answer to " + method(event) + " " + path(event) + " (" + response.getStatusCode()
                    + ") breaks api/openapi.yaml:\n" + SimpleValidationReportFormat.getInstance().apply(report));
        }
        return response;
    }

    private static SimpleResponse response(APIGatewayV2HTTPResponse response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.getStatusCode());
        if (response.getHeaders() != null) response.getHeaders().forEach(builder::withHeader);
        if (response.getMultiValueHeaders() != null) response.getMultiValueHeaders().forEach(builder::withHeader);
        if (response.getCookies() != null && !response.getCookies().isEmpty()) builder.withHeader("Set-Cookie", response.getCookies());
        String body = response.getBody();
        if (body != null && !body.isEmpty()) {
            if (response.getIsBase64Encoded()) builder.withBody(Base64.getDecoder().decode(body));
            else builder.withBody(body);
        }
        return builder.build();
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        return event.getRouteKey().substring(0, event.getRouteKey().indexOf(' ')).toUpperCase(Locale.ROOT);
    }

    private static String path(APIGatewayV2HTTPEvent event) {
        if (event.getRawPath() != null) return event.getRawPath();
        return event.getRequestContext().getHttp().getPath();
    }

    /** api/openapi.yaml, found from the module the tests run in (or any folder below the repository's root). */
    private static Path contract() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("api/openapi.yaml");
            if (Files.isRegularFile(file)) return file;
        }
        throw new IllegalStateException("api/openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
