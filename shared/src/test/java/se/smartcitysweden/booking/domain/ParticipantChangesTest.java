package se.smartcitysweden.booking.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;

class ParticipantChangesTest {
    private static Participant p(String name, String email, String role) {
        return new Participant(name, "Porto", role, email, "PT");
    }

    @Test
    void givenTwoLists_whenCompared_thenAddedRemovedAndChangedAreFoundByAddressOrName() {
        List<Participant> before = List.of(p("Ana Souza", "ana@example.org", "Planner"), p("Rui Costa", "", "Engineer"),
                p("Eva Lind", "eva@example.org", "Mayor"));
        List<Participant> after = List.of(p("Ana Souza", "ANA@example.org", "Head of planning"), p("rui  costa", "", "Engineer"),
                p("Nuno Reis", "nuno@example.org", ""));
        ParticipantChanges changes = ParticipantChanges.between(before, after);
        assertEquals(List.of("Nuno Reis"), changes.added().stream().map(Participant::name).toList());
        assertEquals(List.of("Eva Lind"), changes.removed().stream().map(Participant::name).toList());
        assertEquals(List.of("Head of planning", "rui  costa"), changes.changed().stream()
                .map(c -> c.after().role().equals("Engineer") ? c.after().name() : c.after().role()).toList());
        assertTrue(ParticipantChanges.between(before, before).isEmpty());
    }
}
