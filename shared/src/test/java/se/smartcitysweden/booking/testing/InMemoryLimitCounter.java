package se.smartcitysweden.booking.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import se.smartcitysweden.booking.port.LimitCounter;

/** {@link LimitCounter} in memory, with the DynamoDB adapter's rules: an occurrence counts once, nothing over the limit. */
public final class InMemoryLimitCounter implements LimitCounter {
    public final Map<String, Set<String>> counted = new HashMap<>();
    public final Map<String, Instant> expiresAt = new HashMap<>();
    public RuntimeException failure;

    @Override
    public synchronized boolean count(String key, String occurrence, int limit, Instant until) {
        if (failure != null) throw failure;
        Set<String> seen = counted.computeIfAbsent(key, k -> new LinkedHashSet<>());
        if (seen.contains(occurrence)) return true;
        if (seen.size() >= limit) return false;
        seen.add(occurrence);
        expiresAt.put(key, until);
        return true;
    }
}
