package se.smartcitysweden.booking.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.testing.HistoryExamples;

class HistoryEventTest {

    @Test
    void givenEveryKindOfEvent_whenWrittenInTheOldFormAndReadBack_thenItIsTheSameEvent() {
        List<HistoryEvent> events = HistoryExamples.events();
        Set<Class<?>> kinds = events.stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(HistoryEvent.class.getPermittedSubclasses()), kinds, "the examples cover every kind");
        for (HistoryEvent event : events) {
            // A session's kept participant list lives in the line's data only (the old one-string form never had it).
            HistoryEvent old = event instanceof HistoryEvent.ParticipantsChanged p
                    ? new HistoryEvent.ParticipantsChanged(p.expectedBefore(), p.expectedAfter(), p.namedBefore(), p.namedAfter()) : event;
            assertEquals(old, HistoryEvent.parse(event.code(), event.detail()), event.toString());
        }
    }

    @Test
    void givenOldLinesAsTheyWereStored_whenRead_thenTheirFieldsAreThere() {
        assertEquals(new HistoryEvent.Confirmed(java.time.LocalDate.parse("2027-03-15"), java.time.LocalDate.parse("2027-03-16")),
                HistoryEvent.parse("confirm", "2027-03-15–2027-03-16"));
        assertEquals(new HistoryEvent.ParticipantsChanged(12, 14, 1, 2), HistoryEvent.parse("visitor-participants", "12 → 14; 1 → 2"));
        assertEquals(new HistoryEvent.TaskSkipped("impact-reminder", 6), HistoryEvent.parse("skipped", "impact-reminder-6"));
        assertEquals(new HistoryEvent.TaskSkipped("visit-done", 0), HistoryEvent.parse("skipped", "visit-done"));
        assertEquals(new HistoryEvent.ImpactAnswered(6, true, false, true, false, "a: b"), HistoryEvent.parse("impact", "6:1010:a: b"));
        assertEquals(new HistoryEvent.ContactUnreachable(true, "complaint-1"), HistoryEvent.parse("contact-unreachable", "complaint complaint-1"));
        assertEquals(new HistoryEvent.Reopened(BookingStatus.DECLINED), HistoryEvent.parse("reopen", "declined"));
    }

    @Test
    void givenOldLinesThatDoNotReadAsTheirKind_whenRead_thenTheyAreKeptAsTheyWere() {
        // A confirmation without days, a reopen an earlier anonymisation emptied, a kind not known here: nothing is lost or guessed.
        for (String[] line : List.of(new String[] {"confirm", ""}, new String[] {"reopen", ""}, new String[] {"feedback", "7"},
                new String[] {"visitor-participants", ""}, new String[] {"note-added", "text"})) {
            HistoryEvent read = HistoryEvent.parse(line[0], line[1]);
            assertEquals(new HistoryEvent.Unknown(line[0], line[1]), read, Arrays.toString(line));
            assertEquals(line[0], read.code());
            assertEquals(line[1], read.detail());
        }
    }

    @Test
    void givenEveryKind_whenItsPersonalDataIsRemoved_thenNoFreeTextOrMessageIdIsLeft() {
        List<String> freeText = List.of("Fully booked", "flight", "Met two", "pilots", "trip", "Any week", "bounce-1", "complaint-1", "newer version");
        int checked = 0;
        for (HistoryEvent event : HistoryExamples.events()) {
            String kept = event.withoutPersonalData().toString();
            for (String text : freeText) assertFalse(kept.contains(text), kept);
            assertEquals(event.code(), event.withoutPersonalData().code());
            checked++;
        }
        assertTrue(checked > 20, "every example checked");
        // What national reporting counts stays.
        assertEquals(new HistoryEvent.ImpactAnswered(6, true, false, true, false, ""),
                new HistoryEvent.ImpactAnswered(6, true, false, true, false, "note").withoutPersonalData());
    }

    @Test
    void givenActorIds_whenRead_thenTheyAreDataAndWriteTheSameIds() {
        assertEquals(Actor.coordinator(Node.UMEA), Actor.fromId("coordinator:umea"));
        for (String id : List.of("coordinator:umea", "visitor", "follow-up", "notification", "mail-provider", "national-office")) {
            assertEquals(id, Actor.fromId(id).id());
        }
        assertEquals(Actor.Kind.SYSTEM, Actor.fromId("x").kind());
        assertTrue(Actor.fromId("coordinator:goteborg").isStaff());
        assertFalse(Actor.visitor().isStaff());
        assertEquals(Optional.of(Node.MALMO), Actor.fromId("coordinator:malmo").node());
    }
}
