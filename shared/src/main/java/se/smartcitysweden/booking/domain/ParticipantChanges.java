package se.smartcitysweden.booking.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;

/**
 * Who was added, removed or changed between two participant lists (the one the coordinators last heard of and
 * the one that stands now). A person is the same person by e-mail address when they have one, else by name
 * (case and spacing aside); a person whose other fields differ is "changed", with both versions.
 */
public record ParticipantChanges(List<Participant> added, List<Participant> removed, List<Change> changed) {
    public record Change(Participant before, Participant after) { }

    public ParticipantChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    public static ParticipantChanges between(List<Participant> before, List<Participant> after) {
        Map<String, Participant> old = byKey(before);
        Map<String, Participant> now = byKey(after);
        List<Participant> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        now.forEach((key, p) -> {
            Participant was = old.get(key);
            if (was == null) added.add(p);
            else if (!was.equals(p)) changed.add(new Change(was, p));
        });
        List<Participant> removed = old.entrySet().stream().filter(e -> !now.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        return new ParticipantChanges(added, removed, changed);
    }

    private static Map<String, Participant> byKey(List<Participant> list) {
        Map<String, Participant> keyed = new LinkedHashMap<>();
        for (Participant p : list) {
            String key = !p.email().isBlank() ? "e:" + p.email().toLowerCase(Locale.ROOT)
                    : "n:" + p.name().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            // Two rows with the same key (a name twice): the later one keeps its own place.
            while (keyed.containsKey(key)) key = key + "'";
            keyed.put(key, p);
        }
        return keyed;
    }
}
