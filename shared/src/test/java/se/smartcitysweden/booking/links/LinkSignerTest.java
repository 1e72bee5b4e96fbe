package se.smartcitysweden.booking.links;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.LinkSigner.Claims;
import se.smartcitysweden.booking.links.LinkSigner.Purpose;

class LinkSignerTest {
    private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    private final LinkSigner signer = new LinkSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final String token = signer.sign(new Claims(Purpose.MANAGE, "b-1", Node.UMEA, NOW.plusSeconds(3600)));

    @Test
    void givenAGenuineToken_whenVerified_thenItsClaimsComeBack() {
        Claims claims = signer.verify(token, Purpose.MANAGE, "b-1", NOW).orElseThrow();
        assertEquals(Node.UMEA, claims.node());
    }

    @Test
    void givenATokenForAnotherBookingPurposeOrTime_whenVerified_thenItIsRefused() {
        assertTrue(signer.verify(token, Purpose.MANAGE, "b-2", NOW).isEmpty(), "another booking");
        assertTrue(signer.verify(token, Purpose.FEEDBACK, "b-1", NOW).isEmpty(), "another purpose");
        assertTrue(signer.verify(token, Purpose.MANAGE, "b-1", NOW.plusSeconds(3600)).isEmpty(), "expired");
    }

    @Test
    void givenATamperedToken_whenVerified_thenItIsRefused() {
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("umea", "malmo")
                .getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        assertTrue(signer.verify(forged, Purpose.MANAGE, "b-1", NOW).isEmpty());
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertTrue(signer.verify(flipped, Purpose.MANAGE, "b-1", NOW).isEmpty());
        for (String junk : new String[] {"", ".", "a.b.c", "!!!.???", "x".repeat(600), null}) {
            assertTrue(signer.verify(junk, Purpose.MANAGE, "b-1", NOW).isEmpty(), String.valueOf(junk));
        }
    }

    @Test
    void givenAnotherSecret_whenVerified_thenItIsRefused() {
        LinkSigner other = new LinkSigner("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertTrue(other.verify(token, Purpose.MANAGE, "b-1", NOW).isEmpty());
    }

    @Test
    void givenAShortSecret_whenBuilt_thenItIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinkSigner(new byte[16]));
    }
}
