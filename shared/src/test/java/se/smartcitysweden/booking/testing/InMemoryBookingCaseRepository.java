package se.smartcitysweden.booking.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.port.BookingCaseRepository;

/** The case repository's in-memory twin: versions checked as DynamoDB's conditional write does. */
public final class InMemoryBookingCaseRepository implements BookingCaseRepository {
    private final Map<String, BookingCase> cases = new ConcurrentHashMap<>();
    private final Map<String, Optional<Instant>> due = new ConcurrentHashMap<>();
    private final Set<String> once = new HashSet<>();

    public void put(BookingCase bookingCase) {
        cases.put(bookingCase.id(), bookingCase);
    }

    @Override
    public Optional<BookingCase> load(String id) {
        return Optional.ofNullable(cases.get(id));
    }

    @Override
    public synchronized boolean save(BookingCase changed, Optional<Instant> nextDue, Instant now) {
        BookingCase stored = cases.get(changed.id());
        if (stored == null || stored.version() != changed.version()) return false;
        cases.put(changed.id(), new BookingCase(changed.booking(), changed.version() + 1, changed.workflow(),
                stored.notification()));
        due.put(changed.id(), nextDue);
        return true;
    }

    @Override
    public List<BookingCase> due(Instant now) {
        List<BookingCase> found = new ArrayList<>();
        cases.values().forEach(c -> {
            Optional<Instant> at = due.getOrDefault(c.id(), Optional.of(Instant.EPOCH));
            if (at.isPresent() && !at.get().isAfter(now)) found.add(c);
        });
        return found;
    }

    @Override
    public List<BookingCase> submittedSince(Node node, Instant since) {
        return cases.values().stream().filter(c -> c.booking().node() == node && !c.booking().createdAt().isBefore(since))
                .toList();
    }

    @Override
    public synchronized boolean claimOnce(String key, Instant now, Duration keep) {
        return once.add(key);
    }

    @Override
    public synchronized void releaseOnce(String key) {
        once.remove(key);
    }
}
