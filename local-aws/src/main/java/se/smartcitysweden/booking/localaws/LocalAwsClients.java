package se.smartcitysweden.booking.localaws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real SDK clients pointed at a local emulator: as the local stack's administrator (the
 * resources, the event sources, tests' fixtures), or as one function of the template, under its
 * role ({@link #ofFunction}). With the emulator's IAM checks off, both sign with throw-away keys.
 */
public final class LocalAwsClients {
    public static final Region REGION = Region.EU_NORTH_1;

    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final boolean retries;

    /** The local stack's administrator. */
    public LocalAwsClients(URI endpoint) {
        this(endpoint, LocalIam.credentials(endpoint, LocalIam.ADMIN));
    }

    public LocalAwsClients(URI endpoint, AwsCredentialsProvider credentials) {
        this(endpoint, credentials, true);
    }

    private LocalAwsClients(URI endpoint, AwsCredentialsProvider credentials, boolean retries) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.retries = retries;
    }

    /** Clients that act as the template's function {@code logicalId}, with only its role's permissions. */
    public static LocalAwsClients ofFunction(URI endpoint, String logicalId) {
        return new LocalAwsClients(endpoint, LocalIam.credentials(endpoint, logicalId));
    }

    /**
     * Clients pointed at a loopback port nothing listens on (taken and closed again): every call
     * fails to connect, as when an endpoint is down.
     */
    public static LocalAwsClients unreachable() {
        return new LocalAwsClients(URI.create("http://127.0.0.1:" + MotoServer.freePort()));
    }

    /**
     * The same, signing with {@code credentials}, and giving up at the first refused connection:
     * an endpoint that is down stays down, so the SDK's retries and their back-off (seconds per
     * call) would only make a test that is about the failure wait for it.
     */
    public static LocalAwsClients unreachable(AwsCredentialsProvider credentials) {
        return new LocalAwsClients(unreachable().endpoint(), credentials, false);
    }

    public URI endpoint() { return endpoint; }

    /** The credentials these clients sign with (for a production client builder pointed at the emulator). */
    public AwsCredentialsProvider credentials() { return credentials; }

    public DynamoDbClient dynamoDb() { return local(DynamoDbClient.builder()).build(); }

    public SesV2Client ses() { return local(SesV2Client.builder()).build(); }

    public SecretsManagerClient secretsManager() { return local(SecretsManagerClient.builder()).build(); }

    public SqsClient sqs() { return local(SqsClient.builder()).build(); }

    public DynamoDbStreamsClient dynamoDbStreams() { return local(DynamoDbStreamsClient.builder()).build(); }

    public SsmClient ssm() { return local(SsmClient.builder()).build(); }

    public IamClient iam() { return local(IamClient.builder()).region(Region.AWS_GLOBAL).build(); }

    public StsClient sts() { return local(StsClient.builder()).build(); }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B local(B builder) {
        builder.endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (!retries) builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        return builder;
    }
}
