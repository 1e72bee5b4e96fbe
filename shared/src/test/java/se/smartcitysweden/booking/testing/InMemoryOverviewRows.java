package se.smartcitysweden.booking.testing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.port.OverviewRows;

/** The overview rows' in-memory twin: a row per booking, never replaced by an older version (as the conditional update). */
public final class InMemoryOverviewRows implements OverviewRows {
    private final Map<String, OverviewRow> rows = new LinkedHashMap<>();
    /** The nodes each read asked for, in order. */
    public final List<Node> read = new ArrayList<>();

    @Override
    public synchronized void record(OverviewRow row) {
        OverviewRow kept = rows.get(row.bookingId());
        if (kept == null || kept.version() <= row.version()) rows.put(row.bookingId(), row);
    }

    @Override
    public synchronized List<OverviewRow> between(Collection<Node> nodes, LocalDate from, LocalDate to) {
        read.addAll(nodes);
        return rows.values().stream().filter(r -> nodes.contains(r.node()))
                .filter(r -> !r.submittedOn().isBefore(from) && !r.submittedOn().isAfter(to)).toList();
    }

    public synchronized List<OverviewRow> all() {
        return List.copyOf(rows.values());
    }
}
