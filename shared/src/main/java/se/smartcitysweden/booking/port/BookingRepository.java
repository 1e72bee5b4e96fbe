package se.smartcitysweden.booking.port;

import java.util.Optional;
import se.smartcitysweden.booking.domain.Booking;

/** Where bookings are kept. Implementations throw {@link StorageUnavailableException} when the store fails. */
public interface BookingRepository {

    /**
     * Stores a new booking, its reference and (when given) its idempotency record all at once,
     * or nothing at all.
     */
    CreateResult create(Booking booking, Optional<IdempotencyRecord> idempotency);

    Optional<Booking> findById(String id);

    sealed interface CreateResult {
        record Created() implements CreateResult { }
        /** Another booking already holds this reference; pick another. */
        record ReferenceTaken() implements CreateResult { }
        /** The idempotency key is already in use, by this record. */
        record IdempotencyKeyTaken(IdempotencyRecord existing) implements CreateResult { }
        /** A concurrent write touched the same items; trying again may succeed. */
        record Contended() implements CreateResult { }
    }
}
