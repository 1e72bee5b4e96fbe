package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.testing.HistoryExamples;

class WorkflowDocumentTest {

    @Test
    void givenAVisitWithStartPlaceAndHost_whenStoredAndRead_thenAllIsKept() {
        Workflow.Visit visit = new Workflow.Visit(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16"),
                Optional.of(LocalTime.of(9, 30)), "Väven, Storgatan 46A", "Eva Lind", "+46 90 123 45 67");
        Workflow workflow = Workflow.empty().withVisit(visit);
        assertEquals(workflow, WorkflowDocument.read(WorkflowDocument.write(workflow)));
    }

    @Test
    void givenAVisitWithAPlan_whenStoredAndRead_thenAllIsKeptAndOldReadersStillFindStartPlaceAndHost() {
        LocalDate first = LocalDate.parse("2027-03-15");
        se.smartcitysweden.booking.domain.VisitPlan plan = new se.smartcitysweden.booking.domain.VisitPlan(
                se.smartcitysweden.booking.domain.VisitPlan.everyDay(first, first.plusDays(1), LocalTime.of(9, 0), LocalTime.of(16, 0)),
                "Väven\nStorgatan 46A", "https://maps.example.org/v", "Eva Lind", "+46 90 1", "eva@example.org", "https://example.org/p", "Lunch");
        Workflow workflow = Workflow.empty().withVisit(new Workflow.Visit(first, first.plusDays(1), plan));
        String stored = WorkflowDocument.write(workflow);
        assertEquals(workflow, WorkflowDocument.read(stored));
        JsonNode visit = Json.parse(stored).path("visit");
        assertEquals("09:00", visit.path("start").asText());
        assertEquals("Väven\nStorgatan 46A", visit.path("place").asText());
        assertEquals("Eva Lind", visit.path("host").asText());
    }

    @Test
    void givenAVisitStoredBeforeTimesExisted_whenRead_thenItHasDaysOnly() {
        Workflow read = WorkflowDocument.read("{\"history\":[],\"visit\":{\"from\":\"2027-03-15\",\"to\":\"2027-03-15\"},\"reason\":\"\"}");
        assertEquals(Optional.of(new Workflow.Visit(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-15"))), read.visit());
    }

    /** A history as the code before history-as-data stored it: actor ids, actions and one detail string each. */
    private static final String OLD_ITEM = """
            {"history":[
            {"at":"2027-03-01T08:00:00Z","actor":"notification","action":"acknowledgement-skipped","detail":"organiser-address-limit"},
            {"at":"2027-03-01T09:00:00Z","actor":"coordinator:umea","action":"acknowledge","detail":""},
            {"at":"2027-03-01T10:00:00Z","actor":"coordinator:umea","action":"confirm","detail":"2027-03-15–2027-03-16"},
            {"at":"2027-03-02T10:00:00Z","actor":"visitor","action":"visitor-participants","detail":"12 → 14; 1 → 2"},
            {"at":"2027-03-03T10:00:00Z","actor":"visitor","action":"visitor-dates","detail":"2027-05-10–2027-05-12\\nAny week in May works."},
            {"at":"2027-03-04T10:00:00Z","actor":"coordinator:umea","action":"confirm","detail":"2027-05-10"},
            {"at":"2027-03-05T10:00:00Z","actor":"mail-provider","action":"contact-unreachable","detail":"bounce 0100-abc"},
            {"at":"2027-05-03T05:00:00Z","actor":"follow-up","action":"skipped","detail":"prepare"},
            {"at":"2027-05-10T15:00:00Z","actor":"coordinator:umea","action":"complete","detail":""},
            {"at":"2027-05-11T10:00:00Z","actor":"visitor","action":"feedback","detail":"5"},
            {"at":"2027-05-12T10:00:00Z","actor":"coordinator:umea","action":"record-outcome","detail":""},
            {"at":"2027-05-13T10:00:00Z","actor":"coordinator:umea","action":"correct-outcome","detail":"Met two companies."},
            {"at":"2027-05-14T10:00:00Z","actor":"coordinator:umea","action":"reopen","detail":"followed-up"},
            {"at":"2027-11-10T10:00:00Z","actor":"visitor","action":"impact","detail":"6:1010:Two pilots with the city"},
            {"at":"2027-11-20T05:00:00Z","actor":"follow-up","action":"skipped","detail":"impact-reminder-6"},
            {"at":"2027-11-21T10:00:00Z","actor":"coordinator:umea","action":"decline","detail":"Fully booked."},
            {"at":"2027-11-22T10:00:00Z","actor":"follow-up","action":"taken-over","detail":""},
            {"at":"2027-11-23T10:00:00Z","actor":"visitor","action":"cancel","detail":"Plans changed."},
            {"at":"2027-11-24T10:00:00Z","actor":"visitor","action":"erase","detail":""},
            {"at":"2029-05-01T05:00:00Z","actor":"follow-up","action":"anonymise","detail":""}],
            "reason":"","followUpsSent":{}}""";

    private static Workflow.HistoryEntry line(String at, Actor by, HistoryEvent event) {
        return new Workflow.HistoryEntry(Instant.parse(at), by, event);
    }

    /** The same history built from the fields. */
    private static Workflow expected() {
        Actor umea = Actor.coordinator(Node.UMEA);
        Actor visitor = Actor.visitor();
        Actor followUp = Actor.of(Actor.Kind.FOLLOW_UP);
        List<Workflow.HistoryEntry> history = List.of(
                line("2027-03-01T08:00:00Z", Actor.of(Actor.Kind.NOTIFICATION), new HistoryEvent.AcknowledgementLimited(true)),
                line("2027-03-01T09:00:00Z", umea, new HistoryEvent.Acknowledged()),
                line("2027-03-01T10:00:00Z", umea, new HistoryEvent.Confirmed(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16"))),
                line("2027-03-02T10:00:00Z", visitor, new HistoryEvent.ParticipantsChanged(12, 14, 1, 2)),
                line("2027-03-03T10:00:00Z", visitor, new HistoryEvent.OtherDatesAsked(List.of(new BookingRequest.DateRange(
                        LocalDate.parse("2027-05-10"), LocalDate.parse("2027-05-12"))), "Any week in May works.")),
                line("2027-03-04T10:00:00Z", umea, new HistoryEvent.Confirmed(LocalDate.parse("2027-05-10"), LocalDate.parse("2027-05-10"))),
                line("2027-03-05T10:00:00Z", Actor.of(Actor.Kind.MAIL_PROVIDER), new HistoryEvent.ContactUnreachable(false, "0100-abc")),
                line("2027-05-03T05:00:00Z", followUp, new HistoryEvent.TaskSkipped("prepare", 0)),
                line("2027-05-10T15:00:00Z", umea, new HistoryEvent.Completed()),
                line("2027-05-11T10:00:00Z", visitor, new HistoryEvent.FeedbackGiven(5)),
                line("2027-05-12T10:00:00Z", umea, new HistoryEvent.OutcomeRecorded()),
                line("2027-05-13T10:00:00Z", umea, new HistoryEvent.OutcomeCorrected("Met two companies.")),
                line("2027-05-14T10:00:00Z", umea, new HistoryEvent.Reopened(BookingStatus.FOLLOWED_UP)),
                line("2027-11-10T10:00:00Z", visitor, new HistoryEvent.ImpactAnswered(6, true, false, true, false, "Two pilots with the city")),
                line("2027-11-20T05:00:00Z", followUp, new HistoryEvent.TaskSkipped("impact-reminder", 6)),
                line("2027-11-21T10:00:00Z", umea, new HistoryEvent.Declined("Fully booked.")),
                line("2027-11-22T10:00:00Z", followUp, new HistoryEvent.TakenOver()),
                line("2027-11-23T10:00:00Z", visitor, new HistoryEvent.Cancelled("Plans changed.")),
                line("2027-11-24T10:00:00Z", visitor, new HistoryEvent.Erased()),
                line("2029-05-01T05:00:00Z", followUp, new HistoryEvent.Anonymised()));
        return new Workflow(history, Optional.empty(), "", Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void givenAnItemStoredBeforeHistoryWasData_whenRead_thenItIsTheSameAsTheNewFormOfIt() {
        Workflow old = WorkflowDocument.read(OLD_ITEM);
        Workflow written = WorkflowDocument.read(WorkflowDocument.write(expected()));
        assertEquals(expected(), old, "the old item, read once into fields");
        assertEquals(expected(), written, "the new item");
        assertEquals(old, written);
    }

    @Test
    void givenAHistory_whenStored_thenEachLineHasItsFieldsAndStillItsOldFormForOldReaders() {
        JsonNode stored = Json.parse(WorkflowDocument.write(expected())).path("history");
        JsonNode old = Json.parse(OLD_ITEM).path("history");
        assertEquals(old.size(), stored.size());
        for (int i = 0; i < old.size(); i++) {
            for (String field : List.of("at", "actor", "action", "detail")) {
                assertEquals(old.get(i).path(field), stored.get(i).path(field), i + " " + field);
            }
            assertTrue(stored.get(i).path("by").isObject() && stored.get(i).path("data").isObject(), stored.get(i).toString());
        }
        assertEquals(Json.parse("{\"kind\":\"coordinator\",\"node\":\"umea\"}"), stored.get(2).path("by"));
        assertEquals(Json.parse("{\"from\":\"2027-03-15\",\"to\":\"2027-03-16\"}"), stored.get(2).path("data"));
    }

    @Test
    void givenEveryKindOfEventByEveryKindOfActor_whenStoredAndRead_thenAllIsKept() {
        Workflow all = new Workflow(HistoryExamples.history(Instant.parse("2027-03-01T08:00:00Z")), Optional.empty(), "",
                Optional.empty(), Optional.empty(), Map.of());
        assertEquals(all, WorkflowDocument.read(WorkflowDocument.write(all)));
        assertEquals(HistoryExamples.events().size(), all.history().size());
    }

    @Test
    void givenALineWhoseFieldsAndOldFormDisagree_whenRead_thenTheFieldsWin() {
        Workflow read = WorkflowDocument.read("""
                {"history":[{"at":"2027-03-01T10:00:00Z","actor":"coordinator:umea","action":"confirm","detail":"soon",
                "by":{"kind":"national-office","name":"Per Holm"},"data":{"from":"2027-03-15","to":"2027-03-15"}}]}""");
        assertEquals(List.of(line("2027-03-01T10:00:00Z", new Actor(Actor.Kind.NATIONAL_OFFICE, Optional.empty(), "Per Holm", ""),
                new HistoryEvent.Confirmed(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-15")))), read.history());
    }

    @Test
    void givenALineOfAKindThisVersionDoesNotKnow_whenReadAndWrittenBack_thenItsOldFormIsKept() {
        String line = "{\"at\":\"2027-03-01T10:00:00Z\",\"actor\":\"coordinator:umea\",\"action\":\"note-added\","
                + "\"detail\":\"Called the visitor.\",\"by\":{\"kind\":\"coordinator\",\"node\":\"umea\"},\"data\":{\"text\":\"Called the visitor.\"}}";
        Workflow read = WorkflowDocument.read("{\"history\":[" + line + "]}");
        assertEquals(new HistoryEvent.Unknown("note-added", "Called the visitor."), read.history().get(0).event());
        JsonNode back = Json.parse(WorkflowDocument.write(read)).path("history").get(0);
        assertEquals("note-added", back.path("action").asText());
        assertEquals("Called the visitor.", back.path("detail").asText());
    }
}
