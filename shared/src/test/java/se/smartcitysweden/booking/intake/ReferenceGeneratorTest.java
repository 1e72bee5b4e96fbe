package se.smartcitysweden.booking.intake;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Node;

class ReferenceGeneratorTest {

    @Test
    void givenANode_whenAReferenceIsMade_thenItStartsWithTheNodeAndAvoidsLookAlikes() {
        ReferenceGenerator generator = new ReferenceGenerator(new Random(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String reference = generator.next(Node.GOTEBORG);
            assertTrue(reference.matches("GBG-[2-9A-HJKMNP-TV-Z]{5}"), reference);
            seen.add(reference);
        }
        assertTrue(seen.size() > 9_990, "references are spread over a large space");
    }
}
