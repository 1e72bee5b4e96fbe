package se.smartcitysweden.booking.port;

import java.time.Instant;

/**
 * Counts occurrences under a key, up to a limit, with one conditional write each (the console's
 * approach: the store itself refuses what is over the limit, so concurrent callers cannot both
 * slip under it). Throws {@link se.smartcitysweden.booking.port.StorageUnavailableException} when the store fails.
 */
public interface LimitCounter {

    /**
     * Counts {@code occurrence} under {@code key} unless the key already holds {@code limit}
     * occurrences. True when it was counted now, or was counted before (the same occurrence again,
     * such as a replayed stream record or a resent request: counted once); false when over the limit,
     * and then nothing changes. The counter vanishes by TTL at {@code expiresAt}.
     */
    boolean count(String key, String occurrence, int limit, Instant expiresAt);
}
