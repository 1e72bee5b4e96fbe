package se.smartcitysweden.booking.links;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import se.smartcitysweden.booking.domain.Node;

/** Link tokens under generated and mutated input: only the genuine token for its purpose and booking opens. */
class LinkSignerPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LinkSigner SIGNER = new LinkSigner("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final String ID = "0b6f3d8c-2a1e-4c7b-9f5d-8e7a6b5c4d3e";
    private static final String GENUINE = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, ID, Node.UMEA,
            NOW.plusSeconds(3600)));

    @Property(tries = 500)
    void givenAnyString_whenVerified_thenItIsRefusedAndNothingThrows(@ForAll("tokens") String token) {
        for (LinkSigner.Purpose purpose : LinkSigner.Purpose.values()) {
            assertTrue(SIGNER.verify(token, purpose, ID, NOW).isEmpty() || token.equals(GENUINE), token);
        }
    }

    @Property(tries = 500)
    void givenTheGenuineTokenChangedAnywhere_whenVerified_thenItIsRefused(
            @ForAll @IntRange(min = 0, max = 200) int position, @ForAll("replacements") char replacement) {
        int at = position % GENUINE.length();
        String changed = GENUINE.substring(0, at) + replacement + GENUINE.substring(at + 1);
        boolean same = sameBytes(changed, GENUINE);
        assertEquals(same, SIGNER.verify(changed, LinkSigner.Purpose.MANAGE, ID, NOW).isPresent(), changed);
        assertTrue(SIGNER.verify(changed, LinkSigner.Purpose.FEEDBACK, ID, NOW).isEmpty());
        assertTrue(SIGNER.verify(changed, LinkSigner.Purpose.MANAGE, ID + "x", NOW).isEmpty());
    }

    @Property(tries = 200)
    void givenAGenuineTokenForAnyBooking_whenVerifiedForItsBookingBeforeItExpires_thenItOpensOnlyThat(
            @ForAll("ids") String id, @ForAll Node node, @ForAll @IntRange(min = 1, max = 10_000_000) int seconds) {
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, id, node, NOW.plusSeconds(seconds)));
        assertEquals(node, SIGNER.verify(token, LinkSigner.Purpose.FEEDBACK, id, NOW).orElseThrow().node());
        assertTrue(SIGNER.verify(token, LinkSigner.Purpose.FEEDBACK, id, NOW.plusSeconds(seconds)).isEmpty(), "expired");
        assertTrue(SIGNER.verify(token, LinkSigner.Purpose.MANAGE, id, NOW).isEmpty(), "other purpose");
    }

    /** Base64 without padding ends in bits that may decode alike: only a change of the bytes counts. */
    private static boolean sameBytes(String a, String b) {
        try {
            java.util.Base64.Decoder decoder = java.util.Base64.getUrlDecoder();
            String[] x = a.split("\\.", -1);
            String[] y = b.split("\\.", -1);
            return x.length == 2 && java.util.Arrays.equals(decoder.decode(x[0]), decoder.decode(y[0]))
                    && java.util.Arrays.equals(decoder.decode(x[1]), decoder.decode(y[1]));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(600),
                Arbitraries.strings().withChars("ABCabc019-_.=+/|%").ofMaxLength(120),
                Arbitraries.of(GENUINE + ".", "." + GENUINE, GENUINE.replace('.', '|'), GENUINE.substring(1), GENUINE + "A",
                        GENUINE.toUpperCase(), "", "."),
                Arbitraries.just(GENUINE).map(t -> t.substring(0, t.indexOf('.')) + "." + t.substring(0, t.indexOf('.'))));
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/");
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("ABCabcxyz0123456789_-").ofMinLength(1).ofMaxLength(64);
    }
}
