package se.smartcitysweden.booking.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.port.ConsoleStore;
import se.smartcitysweden.booking.testing.InMemoryOverviewRows;

/** The console store's in-memory twin: sign-ins used up once and refused after their expiry, as the conditional write does; sessions until ended or expired. */
final class InMemoryConsoleStore implements ConsoleStore {
    private record SignIn(Principal principal, Instant expiresAt, boolean used) { }

    final Map<String, BookingCase> bookings = new HashMap<>();
    final List<AuditEntry> audit = new ArrayList<>();
    final List<Node> queried = new ArrayList<>();
    /** The overview's rows, recorded with each booking as the table's stream records them. */
    final InMemoryOverviewRows rows = new InMemoryOverviewRows();
    private final Map<String, SignIn> signIns = new HashMap<>();

    void put(BookingCase c) {
        bookings.put(c.id(), c);
        rows.record(OverviewRow.of(c));
    }

    @Override
    public synchronized List<OverviewRow> overviewRows(Collection<Node> nodes, LocalDate from, LocalDate to) {
        return rows.between(nodes, from, to);
    }

    @Override
    public synchronized List<BookingCase> ofNode(Node node, Instant from, Instant to) {
        queried.add(node);
        return bookings.values().stream().filter(c -> c.booking().node() == node)
                .filter(c -> !c.booking().createdAt().isBefore(from) && c.booking().createdAt().isBefore(to)).toList();
    }

    @Override
    public synchronized Optional<BookingCase> load(String bookingId) {
        return Optional.ofNullable(bookings.get(bookingId));
    }

    @Override
    public synchronized void issueSignIn(String tokenHash, Principal principal, Instant expiresAt) {
        if (signIns.putIfAbsent(tokenHash, new SignIn(principal, expiresAt, false)) != null) {
            throw new IllegalStateException("a sign-in token was issued twice");
        }
    }

    @Override
    public synchronized Optional<Principal> consumeSignIn(String tokenHash, Instant now) {
        SignIn signIn = signIns.get(tokenHash);
        if (signIn == null || signIn.used() || !now.isBefore(signIn.expiresAt())) return Optional.empty();
        signIns.put(tokenHash, new SignIn(signIn.principal(), signIn.expiresAt(), true));
        return Optional.of(signIn.principal());
    }

    private final se.smartcitysweden.booking.testing.InMemoryLimitCounter limits = new se.smartcitysweden.booking.testing.InMemoryLimitCounter();

    @Override
    public boolean count(String key, String occurrence, int limit, Instant expiresAt) {
        return limits.count(key, occurrence, limit, expiresAt);
    }

    private final Map<String, Instant> sessions = new HashMap<>();

    @Override
    public synchronized void startSession(String idHash, Instant expiresAt) {
        sessions.put(idHash, expiresAt);
    }

    @Override
    public synchronized boolean sessionActive(String idHash, Instant now) {
        Instant expiresAt = sessions.get(idHash);
        return expiresAt != null && now.isBefore(expiresAt);
    }

    @Override
    public synchronized void endSession(String idHash) {
        sessions.remove(idHash);
    }

    @Override
    public synchronized void audit(AuditEntry entry) {
        audit.add(entry);
    }

    synchronized List<String> actions() {
        return audit.stream().map(AuditEntry::action).toList();
    }
}
