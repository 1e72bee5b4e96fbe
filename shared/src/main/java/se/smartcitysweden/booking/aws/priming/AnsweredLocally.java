package se.smartcitysweden.booking.aws.priming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import se.smartcitysweden.booking.aws.AwsClients;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * For SnapStart priming only: an HTTP client that answers every request itself, 200 with one JSON
 * body, and sends nothing. A client built on it runs a call's whole path in the SDK (building the
 * request, marshalling, endpoint, signing, reading the answer) with no effect anywhere, so priming
 * can make the writes and sends a function's first invocation makes (measured in BENCHMARKS.md,
 * "SnapStart priming"). Never used to answer a real call.
 */
public final class AnsweredLocally implements SdkHttpClient {
    private final byte[] body;

    AnsweredLocally(String json) {
        this.body = json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A DynamoDB client with the function's settings whose every call is answered with {@code json}
     * (nothing reaches DynamoDB), so priming can run a function's whole path, writes included.
     * Built when priming runs, never at init.
     */
    public static DynamoDbClient dynamoDb(String json) {
        return AwsClients.dynamoDbBuilder().httpClient(new AnsweredLocally(json)).build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    // Read as a connection would, so the request body's own code runs too.
                    try (InputStream content = request.contentStreamProvider().get().newStream()) {
                        content.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "application/json")
                                .putHeader("Content-Length", String.valueOf(body.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    @Override
    public void close() {
        // nothing to release
    }
}
