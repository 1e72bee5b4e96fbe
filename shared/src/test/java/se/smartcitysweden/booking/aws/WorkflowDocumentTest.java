package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Workflow;

class WorkflowDocumentTest {

    @Test
    void givenAVisitWithStartPlaceAndHost_whenStoredAndRead_thenAllIsKept() {
        Workflow.Visit visit = new Workflow.Visit(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16"),
                Optional.of(LocalTime.of(9, 30)), "Väven, Storgatan 46A", "Eva Lind", "+46 90 123 45 67");
        Workflow workflow = Workflow.empty().withVisit(visit);
        assertEquals(workflow, WorkflowDocument.read(WorkflowDocument.write(workflow)));
    }

    @Test
    void givenAVisitStoredBeforeTimesExisted_whenRead_thenItHasDaysOnly() {
        Workflow read = WorkflowDocument.read("{\"history\":[],\"visit\":{\"from\":\"2027-03-15\",\"to\":\"2027-03-15\"},\"reason\":\"\"}");
        assertEquals(Optional.of(new Workflow.Visit(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-15"))), read.visit());
    }
}
