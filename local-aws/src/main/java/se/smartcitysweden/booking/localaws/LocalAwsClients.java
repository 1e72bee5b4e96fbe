package se.smartcitysweden.booking.localaws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Real SDK clients pointed at a local emulator, with throw-away credentials. */
public final class LocalAwsClients {
    public static final Region REGION = Region.EU_NORTH_1;
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final URI endpoint;

    public LocalAwsClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Clients pointed at a loopback port nothing listens on (taken and closed again): every call
     * fails to connect, as when an endpoint is down.
     */
    public static LocalAwsClients unreachable() {
        return new LocalAwsClients(URI.create("http://127.0.0.1:" + MotoServer.freePort()));
    }

    public URI endpoint() { return endpoint; }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public SesV2Client ses() {
        return SesV2Client.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager() {
        return software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder().endpointOverride(endpoint)
                .region(REGION).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return software.amazon.awssdk.services.sqs.SqsClient.builder().endpointOverride(endpoint)
                .region(REGION).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient dynamoDbStreams() {
        return software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder().endpointOverride(endpoint)
                .region(REGION).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public SsmClient ssm() {
        return SsmClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
