package se.smartcitysweden.booking.limits;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.testing.InMemoryLimitCounter;

class RateLimitTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:20:00Z");
    private final InMemoryLimitCounter counter = new InMemoryLimitCounter();
    private final RateLimit perHour = new RateLimit("source", 3, Duration.ofHours(1));

    @Test
    void givenTheLimit_whenOneMoreComes_thenItIsRefusedUntilTheWindowEnds() {
        for (int i = 1; i <= 3; i++) assertTrue(perHour.check(counter, "198.51.100.7", "o" + i, NOW).allowed());
        RateLimit.Decision refused = perHour.check(counter, "198.51.100.7", "o4", NOW.plusSeconds(60));
        assertFalse(refused.allowed());
        assertEquals(Duration.ofMinutes(39), refused.retryAfter(), "until 10:00, the window's end");
        assertEquals(39 * 60, refused.retryAfterSeconds());
        assertTrue(perHour.check(counter, "198.51.100.8", "o5", NOW).allowed(), "another subject has its own count");
        assertTrue(perHour.check(counter, "198.51.100.7", "o6", Instant.parse("2026-11-27T10:00:00Z")).allowed(),
                "the next window starts afresh");
    }

    @Test
    void givenAnOccurrenceCountedBefore_whenCountedAgain_thenItIsAllowedAndCountsOnce() {
        assertTrue(perHour.check(counter, "a@example.org", "booking-1", NOW).allowed());
        for (int i = 0; i < 5; i++) assertTrue(perHour.check(counter, "a@example.org", "booking-1", NOW).allowed());
        assertTrue(perHour.check(counter, "a@example.org", "booking-2", NOW).allowed());
        assertTrue(perHour.check(counter, "a@example.org", "booking-3", NOW).allowed());
        assertFalse(perHour.check(counter, "a@example.org", "booking-4", NOW).allowed());
        assertTrue(perHour.check(counter, "a@example.org", "booking-1", NOW).allowed(), "a replay of a counted one still passes");
    }

    @Test
    void givenAnAddress_whenCounted_thenTheKeyHoldsOnlyItsHashAndTheCounterExpiresWithTheWindow() {
        perHour.check(counter, " Ana.Souza@Example.org ", "b1", NOW);
        perHour.check(counter, "ana.souza@example.org", "b2", NOW);
        assertEquals(1, counter.counted.size(), "case and spaces do not make another address");
        String key = counter.counted.keySet().iterator().next();
        assertFalse(key.toLowerCase().contains("souza") || key.contains("example"), key);
        assertTrue(key.matches("source#[0-9a-f]{64}#\\d+"), key);
        assertFalse(counter.counted.get(key).contains("b1"), "occurrences are hashed too");
        assertEquals(Instant.parse("2026-11-27T10:00:00Z"), counter.expiresAt.get(key));
    }

    @Test
    void givenADailyLimit_whenChecked_thenTheWindowIsTheUtcDay() {
        RateLimit perDay = Limits.acknowledgementsPerAddress(Map.of()).orElseThrow();
        assertEquals(Limits.ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY, perDay.limit());
        perDay.check(counter, "a@example.org", "b1", NOW);
        assertEquals(Instant.parse("2026-11-28T00:00:00Z"), counter.expiresAt.values().iterator().next());
    }

    @Test
    void givenTheEnvironment_whenItSetsALimit_thenThatIsUsed_andAMistakeFailsAtStart() {
        assertEquals(10, Limits.bookingsPerSource(Map.of()).orElseThrow().limit());
        assertEquals(Duration.ofHours(1), Limits.bookingsPerSource(Map.of()).orElseThrow().window());
        assertEquals(3, Limits.acknowledgementsPerAddress(Map.of()).orElseThrow().limit());
        assertEquals(500, Limits.bookingsPerSource(Map.of("BOOKINGS_PER_SOURCE_PER_HOUR", " 500 ")).orElseThrow().limit());
        assertEquals(7, Limits.acknowledgementsPerAddress(Map.of("ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY", "7")).orElseThrow().limit());
        assertEquals(10, Limits.bookingsPerSource(Map.of("BOOKINGS_PER_SOURCE_PER_HOUR", "")).orElseThrow().limit());
        assertTrue(Limits.bookingsPerSource(Map.of("BOOKINGS_PER_SOURCE_PER_HOUR", "off")).isEmpty(), "the local runtime's");
        assertTrue(Limits.acknowledgementsPerAddress(Map.of("ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY", "OFF")).isEmpty());
        for (String wrong : new String[] {"0", "-1", "ten", "1.5", "1001", "none"}) {
            assertThrows(IllegalStateException.class, () -> Limits.bookingsPerSource(Map.of("BOOKINGS_PER_SOURCE_PER_HOUR", wrong)));
        }
    }
}
