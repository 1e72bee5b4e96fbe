package se.smartcitysweden.booking.aws;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the AWS clients a function uses, once per container. Cold start is why they are built
 * this way: the JDK's HTTP client, credentials and region from Lambda's environment, no
 * provider-chain probing. The endpoint comes from {@code AWS_ENDPOINT_URL} when set (a local
 * emulator), exactly as the SDK reads it; otherwise it is AWS's.
 */
public final class AwsClients {
    private AwsClients() { }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClient(httpClient())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .region(region())
                // Answer the visitor (503) well inside API Gateway's 30 s limit when DynamoDB is down.
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(10)).build())
                .build();
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static EnvironmentVariableCredentialsProvider credentials() {
        return EnvironmentVariableCredentialsProvider.create();
    }

    public static Region region() {
        String region = System.getenv("AWS_REGION");
        return Region.of(region == null || region.isBlank() ? "eu-north-1" : region);
    }
}
