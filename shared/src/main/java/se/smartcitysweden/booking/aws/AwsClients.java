package se.smartcitysweden.booking.aws;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the AWS clients a function uses, once per container. Cold start is why they are built
 * this way: the JDK's HTTP client, credentials and region from Lambda's environment, no
 * provider-chain probing (see {@link #credentials}). The endpoint comes from {@code AWS_ENDPOINT_URL} when set (a local
 * emulator), exactly as the SDK reads it; otherwise it is AWS's.
 */
public final class AwsClients {
    private AwsClients() { }

    /** The DynamoDB client of a function whose environment is {@code env} (its credentials come from there). */
    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        return dynamoDbBuilder().credentialsProvider(credentials(env)).httpClient(httpClient()).build();
    }

    /** The DynamoDB client's settings without its HTTP client (priming gives it {@code AnsweredLocally}). */
    public static DynamoDbClientBuilder dynamoDbBuilder() {
        return DynamoDbClient.builder()
                .credentialsProvider(credentials())
                .region(region())
                // Answer the visitor (503) well inside API Gateway's 30 s limit when DynamoDB is down.
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(10)).build());
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The credentials Lambda gives the function. A SnapStart function (and any function on a
     * runtime that serves them so) gets no key variables, only a container credentials endpoint
     * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}),
     * whose credentials expire and are fetched again after a restore; elsewhere the key
     * variables. Picked from the environment instead of the SDK's default chain, which would
     * first probe system properties, profile files and web identity at every cold start.
     */
    public static AwsCredentialsProvider credentials() {
        return Credentials.PROVIDER;
    }


    /**
     * The credentials of the function whose environment is {@code env}. On Lambda that is the
     * process environment, and every client shares one provider (one credentials fetch, not one
     * per client). The local runtime runs several functions in one JVM, each with its own
     * environment holding its own role's keys, so each gets its own provider there.
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        return env == System.getenv() ? Credentials.PROVIDER : providerFor(env);
    }

    private static final class Credentials {
        static final AwsCredentialsProvider PROVIDER = providerFor(System.getenv());
    }

    static AwsCredentialsProvider providerFor(Map<String, String> env) {
        boolean container = notBlank(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                || notBlank(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
        if (container) return ContainerCredentialsProvider.builder().build();
        if (env == System.getenv()) return EnvironmentVariableCredentialsProvider.create();
        // The key variables Lambda sets (the role's session), read from this function's own environment.
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (!notBlank(keyId) || !notBlank(secret)) return EnvironmentVariableCredentialsProvider.create();
        String session = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(notBlank(session)
                ? AwsSessionCredentials.create(keyId, secret, session) : AwsBasicCredentials.create(keyId, secret));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    public static Region region() {
        String region = System.getenv("AWS_REGION");
        return Region.of(region == null || region.isBlank() ? "eu-north-1" : region);
    }
}
