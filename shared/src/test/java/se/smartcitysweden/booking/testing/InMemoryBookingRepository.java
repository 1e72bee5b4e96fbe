package se.smartcitysweden.booking.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.port.BookingRepository;
import se.smartcitysweden.booking.port.IdempotencyRecord;
import se.smartcitysweden.booking.port.StorageUnavailableException;

/** A twin of the DynamoDB repository for fast tests: same contract, kept in maps. */
public final class InMemoryBookingRepository implements BookingRepository {
    public final Map<String, Booking> bookings = new HashMap<>();
    public final Set<String> references = new HashSet<>();
    public final Map<String, IdempotencyRecord> idempotency = new HashMap<>();
    public boolean failing;
    /** Stores, then fails as a write whose answer was lost does (a timeout after DynamoDB wrote). */
    public boolean answerLost;

    @Override
    public synchronized CreateResult create(Booking booking, Optional<IdempotencyRecord> record) {
        if (failing) throw new StorageUnavailableException("store is down", null);
        if (record.isPresent()) {
            IdempotencyRecord existing = idempotency.get(record.get().key());
            if (existing != null && existing.isLiveAt(booking.createdAt())) {
                return new CreateResult.IdempotencyKeyTaken(existing);
            }
        }
        if (references.contains(booking.reference())) return new CreateResult.ReferenceTaken();
        bookings.put(booking.id(), booking);
        references.add(booking.reference());
        record.ifPresent(r -> idempotency.put(r.key(), r));
        if (answerLost) throw StorageUnavailableException.outcomeUnknown("the answer was lost", null);
        return new CreateResult.Created();
    }

    @Override
    public synchronized Optional<Booking> findById(String id) {
        if (failing) throw new StorageUnavailableException("store is down", null);
        return Optional.ofNullable(bookings.get(id));
    }
}
