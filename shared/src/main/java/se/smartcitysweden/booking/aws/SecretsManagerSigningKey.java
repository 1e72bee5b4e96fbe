package se.smartcitysweden.booking.aws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.observability.Log;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads the link-signing secret from AWS Secrets Manager, once per container.
 *
 * <p>SnapStart runs a function's start-up when a version is published, during the deploy. A
 * throttled read, or a role whose new policy has not reached every IAM endpoint yet, must not fail
 * that publish and roll the stack back: the read is retried with backoff, and if it still fails the
 * function starts anyway and reads the secret on the first request that needs a link.
 */
public final class SecretsManagerSigningKey {
    /** Attempts of one read (the SDK's standard backoff between them, about 10 s in all). */
    static final int READ_ATTEMPTS = 6;

    private SecretsManagerSigningKey() { }

    public static SecretsManagerClient defaultClient(Map<String, String> env) {
        return clientBuilder(env).build();
    }

    /** The client's settings, for {@link #defaultClient} and for tests that point it at a local Secrets Manager. */
    public static SecretsManagerClientBuilder clientBuilder(Map<String, String> env) {
        return SecretsManagerClient.builder().httpClient(AwsClients.httpClient())
                .credentialsProvider(AwsClients.credentials(env)).region(AwsClients.region())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(READ_ATTEMPTS).build())
                        .apiCallTimeout(Duration.ofSeconds(15)).build());
    }

    /** The function's link signer: its secret read now, or, when that fails, on first use. */
    public static LinkSigner signer(SecretsManagerClient secrets, String secretId) {
        return LinkSigner.readingSecretOnFirstUse(secret(secrets, secretId));
    }

    /**
     * The secret, read now; when that fails (after the retries), read again by each use until
     * one read succeeds. A failed use throws, so that request answers 503 or its record is retried.
     */
    public static Supplier<byte[]> secret(SecretsManagerClient secrets, String secretId) {
        try {
            byte[] value = read(secrets, secretId);
            return () -> value;
        } catch (IllegalStateException notNow) {
            Log.warn("link_secret.deferred").field("secret", secretId).error(notNow.getCause()).write();
            AtomicReference<byte[]> read = new AtomicReference<>();
            return () -> {
                byte[] value = read.get();
                if (value == null) {
                    value = read(secrets, secretId);
                    read.set(value);
                }
                return value;
            };
        }
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
