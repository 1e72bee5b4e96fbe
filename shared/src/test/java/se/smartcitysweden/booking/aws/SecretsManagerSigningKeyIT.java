package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAws;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reading the link secret while a function starts, as SnapStart does when a version is published
 * during the deploy: a throttled read is retried, and a read refused (an IAM policy that has not
 * reached every endpoint yet) or failing still lets the function start; the secret is read on the
 * first use that needs it. Against the local Secrets Manager as the manage function's role.
 */
class SecretsManagerSigningKeyIT {
    private static final LocalAws AWS = LocalAws.shared();
    private static final FaultInjectingProxy PROXY = new FaultInjectingProxy(AWS.moto().endpoint());
    private static final BiPredicate<String, String> SECRET_READS = (path, body) -> body.contains("\"SecretId\"");
    private static final SecretsManagerClient SECRETS = SecretsManagerSigningKey.clientBuilder(Map.of())
            .credentialsProvider(AWS.credentialsOf("ManageBookingFunction")).endpointOverride(PROXY.endpoint()).build();

    private final String secretId = AWS.physicalName("LinkSigningSecret");
    private final LinkSigner.Claims claims = new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, "b-1", Node.UMEA,
            Instant.parse("2030-01-01T00:00:00Z"));

    @BeforeEach
    void fresh() {
        AWS.reset();
        PROXY.clear();
    }

    @Test
    void aThrottledReadIsRetriedAtStartUp() {
        PROXY.add(FaultInjectingProxy.Fault.of(SECRET_READS, 400, "ThrottlingException", 2));
        LinkSigner signer = SecretsManagerSigningKey.signer(SECRETS, secretId);
        PROXY.add(FaultInjectingProxy.Fault.of(SECRET_READS, 400, "AccessDeniedException", -1));
        // Read while starting: later refusals do not matter.
        assertTrue(signer.verify(signer.sign(claims), LinkSigner.Purpose.MANAGE, "b-1", Instant.parse("2029-01-01T00:00:00Z")).isPresent());
    }

    @Test
    void aRefusedReadLetsTheFunctionStartAndTheFirstUseReadsTheSecret() {
        PROXY.add(FaultInjectingProxy.Fault.of(SECRET_READS, 400, "AccessDeniedException", -1));
        LinkSigner signer = SecretsManagerSigningKey.signer(SECRETS, secretId);
        assertThrows(IllegalStateException.class, () -> signer.sign(claims), "no key yet: this use fails (503), none is made up");

        PROXY.clear();
        String token = signer.sign(claims);
        assertTrue(signer.verify(token, LinkSigner.Purpose.MANAGE, "b-1", Instant.parse("2029-01-01T00:00:00Z")).isPresent());
        byte[] stored = SecretsManagerSigningKey.read(AWS.clients().secretsManager(), secretId);
        assertEquals(token, new LinkSigner(stored).sign(claims), "signed with the stored secret");
    }
}
