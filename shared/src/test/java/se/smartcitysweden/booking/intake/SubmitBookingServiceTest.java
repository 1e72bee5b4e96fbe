package se.smartcitysweden.booking.intake;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingRepository;

class SubmitBookingServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private final InMemoryBookingRepository repository = new InMemoryBookingRepository();
    private final AtomicInteger ids = new AtomicInteger();
    private final SubmitBookingService service = new SubmitBookingService(repository,
            Clock.fixed(NOW, ZoneOffset.UTC), new ReferenceGenerator(new Random(7)),
            () -> "id-" + ids.incrementAndGet());
    private final ObjectNode body = BookingJson.valid(LocalDate.of(2026, 11, 27));

    private SubmitOutcome submit(ObjectNode body, String key, String hash) {
        return service.submit(new SubmitBookingCommand(body, Optional.ofNullable(key), hash));
    }

    @Test
    void givenAValidBooking_whenSubmitted_thenItIsStoredAsSubmitted() {
        SubmitOutcome.Accepted accepted = (SubmitOutcome.Accepted) submit(body, null, "h1");
        assertEquals("id-1", accepted.id());
        assertTrue(accepted.reference().startsWith("UME-"));
        assertEquals(BookingStatus.SUBMITTED, repository.bookings.get("id-1").status());
        assertEquals(NOW, repository.bookings.get("id-1").createdAt());
    }

    @Test
    void givenAnInvalidBooking_whenSubmitted_thenNothingIsStored() {
        body.put("language", "sv").remove("contact");
        SubmitOutcome.Invalid invalid = (SubmitOutcome.Invalid) submit(body, null, "h1");
        assertEquals(Language.SV, invalid.language());
        assertEquals("contact", invalid.errors().get(0).field());
        assertTrue(repository.bookings.isEmpty());
    }

    @Test
    void givenTheHoneypotFilled_whenSubmitted_thenItLooksAcceptedButNothingIsStored() {
        body.put("website", "http://spam.example");
        SubmitOutcome outcome = submit(body, "k", "h1");
        assertInstanceOf(SubmitOutcome.Ignored.class, outcome, "answered as accepted by the transport, not counted");
        assertTrue(repository.bookings.isEmpty());
        assertTrue(repository.idempotency.isEmpty());
    }

    @Test
    void givenTheSameKeyAndBody_whenSubmittedTwice_thenTheFirstBookingIsReturned() {
        SubmitOutcome.Accepted first = (SubmitOutcome.Accepted) submit(body, "key-1", "h1");
        SubmitOutcome.Accepted second = (SubmitOutcome.Accepted) submit(body, "key-1", "h1");
        assertEquals(first.id(), second.id());
        assertEquals(first.reference(), second.reference());
        assertTrue(second.replayed());
        assertEquals(1, repository.bookings.size());
    }

    @Test
    void givenTheSameKeyAndAnotherBody_whenSubmitted_thenItIsAConflict() {
        submit(body, "key-1", "h1");
        assertInstanceOf(SubmitOutcome.IdempotencyConflict.class, submit(body, "key-1", "h2"));
        assertEquals(1, repository.bookings.size());
    }

    @Test
    void givenAnExpiredKey_whenUsedAgain_thenANewBookingIsMade() {
        submit(body, "key-1", "h1");
        repository.idempotency.computeIfPresent("key-1", (k, r) -> new se.smartcitysweden.booking.port.IdempotencyRecord(
                k, r.bodyHash(), r.bookingId(), r.reference(), NOW.minus(Duration.ofSeconds(1))));
        SubmitOutcome.Accepted again = (SubmitOutcome.Accepted) submit(body, "key-1", "h1");
        assertFalse(again.replayed());
        assertEquals(2, repository.bookings.size());
    }

    @Test
    void givenATakenReference_whenSubmitted_thenAnotherReferenceIsDrawn() {
        String taken = new ReferenceGenerator(new Random(7)).next(se.smartcitysweden.booking.domain.Node.UMEA);
        repository.references.add(taken);
        SubmitOutcome.Accepted accepted = (SubmitOutcome.Accepted) submit(body, null, "h1");
        assertNotEquals(taken, accepted.reference());
    }

    @Test
    void givenTheStoreDown_whenSubmitted_thenItIsUnavailable() {
        repository.failing = true;
        assertInstanceOf(SubmitOutcome.Unavailable.class, submit(body, null, "h1"));
    }

    @Test
    void givenTheStoreRefusingTheWrite_whenSubmitted_thenNothingWasStoredIsKnown() {
        repository.failing = true;
        SubmitOutcome.Unavailable unavailable = (SubmitOutcome.Unavailable) submit(body, null, "h1");
        assertFalse(unavailable.outcomeUnknown());
    }

    @Test
    void givenTheWritesAnswerLost_whenSubmitted_thenTheOutcomeIsUnknown() {
        repository.answerLost = true;
        SubmitOutcome.Unavailable unavailable = (SubmitOutcome.Unavailable) submit(body, "key-1", "h1");
        assertTrue(unavailable.outcomeUnknown());
        repository.answerLost = false;
        SubmitOutcome.Accepted again = (SubmitOutcome.Accepted) submit(body, "key-1", "h1");
        assertTrue(again.replayed());
        assertEquals(1, repository.bookings.size());
    }


    // ---- the bookings-per-source limit ----

    private final se.smartcitysweden.booking.testing.InMemoryLimitCounter counter = new se.smartcitysweden.booking.testing.InMemoryLimitCounter();
    private final SubmitBookingService limited = new SubmitBookingService(repository, Clock.fixed(NOW, ZoneOffset.UTC),
            new ReferenceGenerator(new Random(7)), () -> "id-" + ids.incrementAndGet(), counter,
            new se.smartcitysweden.booking.limits.RateLimit("source", 2, Duration.ofHours(1)));

    private SubmitOutcome submitFrom(String source, ObjectNode body, String key, String hash) {
        return limited.submit(new SubmitBookingCommand(body, Optional.ofNullable(key), hash, Optional.ofNullable(source)));
    }

    @Test
    void givenASourceAtItsLimit_whenItSubmitsAgain_thenNothingIsStoredAndItIsToldWhenToRetry() {
        assertInstanceOf(SubmitOutcome.Accepted.class, submitFrom("198.51.100.7", body, "k1", "h1"));
        assertInstanceOf(SubmitOutcome.Accepted.class, submitFrom("198.51.100.7", body, null, "h2"));
        body.put("language", "sv");
        SubmitOutcome.TooManyFromSource refused = (SubmitOutcome.TooManyFromSource) submitFrom("198.51.100.7", body, "k3", "h3");
        assertEquals(Language.SV, refused.language());
        assertEquals(3600, refused.retryAfterSeconds(), "NOW is 09:00: the window ends at 10:00");
        assertEquals(2, repository.bookings.size());
        assertEquals(1, repository.idempotency.size());
        assertInstanceOf(SubmitOutcome.Accepted.class, submitFrom("198.51.100.8", body, "k4", "h4"), "another source");
    }

    @Test
    void givenAKeyCountedBefore_whenTheSameRequestIsSentAgainAtTheLimit_thenItGetsItsStoredBooking() {
        SubmitOutcome.Accepted first = (SubmitOutcome.Accepted) submitFrom("198.51.100.7", body, "k1", "h1");
        submitFrom("198.51.100.7", body, "k2", "h2");
        SubmitOutcome.Accepted again = (SubmitOutcome.Accepted) submitFrom("198.51.100.7", body, "k1", "h1");
        assertTrue(again.replayed());
        assertEquals(first.id(), again.id());
    }

    @Test
    void givenInvalidRequestsOrTheHoneypot_whenSubmitted_thenTheyDoNotCount() {
        ObjectNode invalid = body.deepCopy();
        invalid.remove("contact");
        ObjectNode bot = body.deepCopy().put("website", "http://spam.example");
        for (int i = 0; i < 5; i++) {
            submitFrom("198.51.100.7", invalid, null, "i" + i);
            submitFrom("198.51.100.7", bot, null, "b" + i);
        }
        assertTrue(counter.counted.isEmpty());
        assertInstanceOf(SubmitOutcome.Accepted.class, submitFrom("198.51.100.7", body, null, "h1"));
    }

    @Test
    void givenNoSource_whenSubmitted_thenNoLimitApplies() {
        for (int i = 0; i < 4; i++) assertInstanceOf(SubmitOutcome.Accepted.class, submitFrom(null, body, null, "h" + i));
        assertTrue(counter.counted.isEmpty());
    }

    @Test
    void givenTheCounterFailing_whenSubmitted_thenNothingIsStoredAndTheAnswerSaysSo() {
        counter.failure = new se.smartcitysweden.booking.port.StorageUnavailableException("down", new RuntimeException());
        SubmitOutcome.Unavailable unavailable = (SubmitOutcome.Unavailable) submitFrom("198.51.100.7", body, "k1", "h1");
        assertFalse(unavailable.outcomeUnknown(), "nothing was written: the booking's transaction never ran");
        assertTrue(repository.bookings.isEmpty());
    }
}
