package se.smartcitysweden.booking.aws;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads the link-signing secret from AWS Secrets Manager, once per container. */
public final class SecretsManagerSigningKey {
    private SecretsManagerSigningKey() { }

    public static SecretsManagerClient defaultClient() {
        return SecretsManagerClient.builder().httpClient(AwsClients.httpClient())
                .credentialsProvider(AwsClients.credentials()).region(AwsClients.region()).build();
    }

    public static byte[] read(SecretsManagerClient secrets, String secretId) {
        try {
            String value = secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
            return value.getBytes(StandardCharsets.UTF_8);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the link-signing secret " + secretId, e);
        }
    }
}
