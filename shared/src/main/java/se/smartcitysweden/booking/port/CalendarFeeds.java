package se.smartcitysweden.booking.port;

import java.time.Instant;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Node;

/**
 * Each node's calendar feed: the hash of its secret token (never the token) and when it was made. One feed per
 * node; renewing replaces it (the old URL stops working), revoking removes it. Throws
 * {@link StorageUnavailableException} when the store fails.
 */
public interface CalendarFeeds {
    Optional<Feed> feed(Node node);

    void save(Node node, String tokenHash, Instant createdAt);

    void revoke(Node node);

    record Feed(String tokenHash, Instant createdAt) { }
}
