package se.smartcitysweden.booking.history;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.history.HistorySentences.Line;
import se.smartcitysweden.booking.history.HistorySentences.Reader;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.HistoryExamples;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Workflow;

class HistorySentencesTest {
    private static final Instant START = Instant.parse("2027-03-01T08:00:00Z");

    private static BookingCase withHistory(List<Workflow.HistoryEntry> history) {
        LocalDate today = LocalDate.of(2027, 2, 27);
        Booking booking = new Booking("b-1", "UME-7K3QF", BookingStatus.CONFIRMED, START.minusSeconds(86_400),
                BookingRequestParser.parse(BookingJson.valid(today), today).request().orElseThrow());
        return new BookingCase(booking, 2, new Workflow(history, Optional.empty(), "", Optional.empty(), Optional.empty(),
                java.util.Map.of()), "sent");
    }

    /**
     * The code words a sentence must never show: every event's code, every follow-up task, every actor's id, every
     * state. In English some are plain words of a sentence ("Gave feedback", "The visitor"); in Swedish none is.
     */
    private static Set<String> codeWords(Language language) {
        Set<String> words = new TreeSet<>();
        HistoryExamples.events().forEach(e -> words.add(e.code()));
        for (FollowUpPlan.Kind kind : FollowUpPlan.Kind.values()) words.add(kind.name().toLowerCase().replace('_', '-'));
        for (Actor.Kind kind : Actor.Kind.values()) words.add(kind.id());
        for (BookingStatus status : BookingStatus.values()) words.add(status.id());
        words.addAll(List.of("contact-address-limit", "organiser-address-limit", "bounce", "complaint"));
        if (language == Language.EN) {
            words.removeAll(List.of("coordinator", "visitor", "follow-up", "system", "feedback", "impact", "practical", "unanswered",
                    "declined", "completed", "note"));
        }
        return words;
    }

    @Test
    void givenEveryKindOfEntryByEveryKindOfActor_whenShownToStaffInEachLanguage_thenEachIsASentenceWithoutCodeWords() {
        List<Workflow.HistoryEntry> history = HistoryExamples.history(START);
        Set<Class<?>> kinds = history.stream().map(e -> e.event().getClass()).collect(Collectors.toSet());
        assertEquals(Set.of(HistoryEvent.class.getPermittedSubclasses()), kinds, "every kind is shown");
        int checked = 0;
        for (Language language : Language.values()) {
            List<Line> lines = HistorySentences.of(language).lines(withHistory(history), Reader.STAFF);
            assertEquals(history.size() + 1, lines.size(), "the request, then every entry");
            for (Line line : lines) {
                assertFalse(line.when().isBlank() || line.who().isBlank() || line.what().isBlank(), line.toString());
                checked += assertWords(language, line);
            }
        }
        assertTrue(checked >= 2 * (history.size() + 1) * 3, "every line's who, what and detail were read: " + checked);
    }

    @Test
    void givenEveryKindOfEntry_whenShownToTheVisitor_thenOnlyTheirRequestsPathInTheirWords() {
        List<Workflow.HistoryEntry> history = HistoryExamples.history(START);
        for (Language language : Language.values()) {
            List<Line> lines = HistorySentences.of(language).lines(withHistory(history), Reader.VISITOR);
            Set<String> shown = new HashSet<>();
            for (Line line : lines) {
                assertWords(language, line);
                shown.add(line.what());
            }
            HistorySentences s = HistorySentences.of(language);
            for (String key : List.of("visitor.what.submitted", "visitor.what.acknowledge", "visitor.what.confirm",
                    "visitor.what.confirm.moved", "visitor.what.decline", "visitor.what.reopen", "visitor.what.cancel",
                    "visitor.what.complete", "visitor.what.feedback", "visitor.what.visitor-dates", "visitor.what.visitor-participants")) {
                assertTrue(shown.contains(s.word(key)), language + ": " + key);
            }
            // Not the staff's business with each other, the system's records or the survey.
            for (String key : List.of("what.record-outcome", "what.correct-outcome", "what.reopen.followed-up", "what.impact",
                    "what.taken-over", "what.anonymise", "what.erase", "what.contact-unreachable", "what.acknowledgement-skipped")) {
                assertFalse(shown.contains(s.word(key)), language + ": " + key);
            }
            assertTrue(lines.stream().noneMatch(l -> l.what().equals(s.word("what.skipped.task", s.word("task.prepare")))));
            // Never a person's name or the system's parts: "you", or Smart City Sweden (with the node's city for a coordinator).
            Set<String> who = lines.stream().map(Line::who).collect(Collectors.toSet());
            assertTrue(Set.of(s.word("visitor.who.you"), s.word("visitor.who.staff", "Umeå"), s.word("visitor.who.staff", "Malmö"),
                    s.word("visitor.who.system")).containsAll(who), language.code() + ": " + who);
            assertTrue(who.contains(s.word("visitor.who.you")) && who.contains(s.word("visitor.who.staff", "Umeå")), who.toString());
        }
    }

    /** The line's who, what and detail, each checked for code words, ISO dates and unfilled placeholders; how many were read. */
    private static int assertWords(Language language, Line line) {
        List<String> found = new ArrayList<>();
        int read = 0;
        for (String text : List.of(line.who(), line.what(), line.detail())) {
            for (String code : codeWords(language)) {
                Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(code) + "(?![\\w-])", Pattern.UNICODE_CHARACTER_CLASS);
                if (word.matcher(text).find()) found.add(code);
            }
            if (text.matches("(?s).*(\\d{4}-\\d{2}-\\d{2}|[{}]|\\bnull\\b|coordinator:).*")) found.add("a raw value");
            read++;
        }
        assertEquals(List.of(), found, language + ": " + line);
        return read;
    }

    @Test
    void givenTheLinesTheCoordinatorsKnow_whenShown_thenTheyReadAsBefore() {
        Actor umea = Actor.coordinator(Node.UMEA);
        BookingCase c = withHistory(List.of(
                new Workflow.HistoryEntry(START, umea, new HistoryEvent.Acknowledged()),
                new Workflow.HistoryEntry(START.plusSeconds(60), Actor.visitor(), new HistoryEvent.ParticipantsChanged(12, 14, 1, 2)),
                new Workflow.HistoryEntry(START.plusSeconds(120), Actor.visitor(), new HistoryEvent.ImpactAnswered(6, true, false, true, false, ""))));
        List<Line> sv = HistorySentences.of(Language.SV).lines(c, Reader.STAFF);
        assertEquals(List.of("Skickade förfrågan", "Bekräftade mottagandet", "Ändrade deltagarna", "Svarade på effektenkäten"),
                sv.stream().map(Line::what).toList());
        assertEquals("En koordinator i Umeå", sv.get(1).who());
        assertEquals("6 månader: Kontakter, Samarbeten", sv.get(3).detail());
        assertEquals("Expected 12 → 14; named 1 → 2", HistorySentences.of(Language.EN).lines(c, Reader.VISITOR).get(2).detail());
    }

    @Test
    void givenTheLinesThatShowedCodeWords_whenShown_thenTheyAreSentences() {
        Actor followUp = Actor.of(Actor.Kind.FOLLOW_UP);
        BookingCase c = withHistory(List.of(
                new Workflow.HistoryEntry(START, Actor.coordinator(Node.UMEA), new HistoryEvent.Confirmed(LocalDate.parse("2027-03-15"),
                        LocalDate.parse("2027-03-16"))),
                new Workflow.HistoryEntry(START.plusSeconds(60), Actor.coordinator(Node.UMEA),
                        new HistoryEvent.Confirmed(LocalDate.parse("2027-03-22"), LocalDate.parse("2027-03-22"))),
                new Workflow.HistoryEntry(START.plusSeconds(120), followUp, new HistoryEvent.TaskSkipped("prepare", 0)),
                new Workflow.HistoryEntry(START.plusSeconds(180), followUp, new HistoryEvent.TakenOver()),
                new Workflow.HistoryEntry(START.plusSeconds(240), Actor.visitor(), new HistoryEvent.Erased()),
                new Workflow.HistoryEntry(START.plusSeconds(300), Actor.of(Actor.Kind.MAIL_PROVIDER),
                        new HistoryEvent.ContactUnreachable(false, "0100-abc")),
                new Workflow.HistoryEntry(START.plusSeconds(360), Actor.coordinator(Node.UMEA),
                        new HistoryEvent.Reopened(BookingStatus.FOLLOWED_UP))));
        List<String> en = HistorySentences.of(Language.EN).lines(c, Reader.STAFF).stream()
                .map(l -> l.who() + " | " + l.what() + (l.detail().isEmpty() ? "" : " | " + l.detail())).toList();
        assertEquals(List.of(
                "Ana Souza | Sent the request",
                "A coordinator of Umeå | Confirmed the visit | Monday 15 March 2027 – Tuesday 16 March 2027",
                "A coordinator of Umeå | Moved the visit | Monday 22 March 2027 (before: Monday 15 March 2027 – Tuesday 16 March 2027)",
                "The follow-up | Did not send the coordinators' preparation e-mail before the visit: its moment had passed",
                "The follow-up | The national office took over the unanswered request",
                "The visitor | Erased the personal data",
                "The mail provider | An e-mail to the visitor did not arrive | The message's id at the mail provider: 0100-abc",
                "A coordinator of Umeå | Reopened the recorded outcome"), en);
        List<String> sv = HistorySentences.of(Language.SV).lines(c, Reader.STAFF).stream().map(Line::what).toList();
        assertEquals(List.of("Skickade förfrågan", "Bekräftade besöket", "Flyttade besöket",
                "Skickade inte förberedelserna inför besöket till koordinatorerna: dess tid hade passerat",
                "Nationella kontoret tog över den obesvarade förfrågan", "Raderade personuppgifterna",
                "Ett e-postmeddelande till besökaren kom inte fram", "Öppnade det registrerade resultatet igen"), sv);
    }

    @Test
    void givenTheWordsOfBothLanguages_whenCompared_thenTheyHaveTheSameKeysAndEveryApostropheIsDoubled() {
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle sv = ResourceBundle.getBundle("se.smartcitysweden.booking.history.History", Language.SV.locale(), control);
        ResourceBundle en = ResourceBundle.getBundle("se.smartcitysweden.booking.history.History", Language.EN.locale(), control);
        assertEquals(new TreeSet<>(sv.keySet()), new TreeSet<>(en.keySet()));
        List<String> single = new ArrayList<>();
        for (ResourceBundle bundle : List.of(sv, en)) {
            for (String key : bundle.keySet()) {
                // MessageFormat drops a lone apostrophe and what follows it up to the next one.
                if (bundle.getString(key).replace("''", "").contains("'")) single.add(bundle.getLocale() + " " + key);
            }
        }
        assertEquals(List.of(), single);
        assertTrue(sv.keySet().size() > 60, Arrays.toString(sv.keySet().toArray()));
    }
}
