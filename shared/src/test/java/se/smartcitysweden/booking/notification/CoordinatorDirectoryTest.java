package se.smartcitysweden.booking.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.VisitDefaults;
import se.smartcitysweden.booking.port.Mailbox;

class CoordinatorDirectoryTest {
    private static final String OTHER_NODES = """
            "stockholm": ["s@example.org"], "goteborg": ["g@example.org"], "malmo": ["m@example.org"],
            "borlange": ["b@example.org"], "linkoping": ["l@example.org"]""";

    private static CoordinatorDirectory withUmea(String umea) {
        return CoordinatorDirectory.parse("{\"nodes\": {" + OTHER_NODES + ", \"umea\": " + umea + "},"
                + " \"nationalOffice\": [{\"email\": \"office@example.org\", \"name\": \"Eva Nilsson\"}]}");
    }

    @Test
    void theOldFormStillReads() {
        CoordinatorDirectory directory = withUmea("[\"u@example.org\"]");
        assertEquals(java.util.List.of(Mailbox.of("u@example.org")), directory.coordinators(Node.UMEA));
        assertEquals(VisitDefaults.NONE, directory.visitDefaults(Node.UMEA));
        assertEquals(Optional.empty(), directory.nameOf("u@example.org"));
    }

    @Test
    void namedPeopleAndAUsualVisit() {
        CoordinatorDirectory directory = withUmea("""
                {"coordinators": [{"email": "Anna@example.org", "name": "Anna Berg"}, "u@example.org"],
                 "visits": {"meetingPlace": "Umeå Science Park, Tvistevägen 48", "mapUrl": "https://maps.example.org/x",
                   "host": {"name": "Anna Berg", "phone": "+46 90 123 45", "email": "anna@example.org"},
                   "dayStart": "09:00", "dayEnd": "15:30", "minimumNoticeDays": 10}}""");
        assertEquals(new Mailbox("Anna Berg", "Anna@example.org"), directory.coordinators(Node.UMEA).get(0));
        assertEquals(Optional.of("Anna Berg"), directory.nameOf("anna@EXAMPLE.org"));
        assertEquals(Optional.of("Eva Nilsson"), directory.nameOf("office@example.org"));
        VisitDefaults visits = directory.visitDefaults(Node.UMEA);
        assertEquals("Umeå Science Park, Tvistevägen 48", visits.meetingPlace());
        assertEquals("+46 90 123 45", visits.hostPhone());
        assertEquals(Optional.of(LocalTime.of(9, 0)), visits.dayStart());
        assertEquals(Optional.of(LocalTime.of(15, 30)), visits.dayEnd());
        assertEquals(10, visits.minimumNoticeDays());
        assertEquals(VisitDefaults.NONE, directory.visitDefaults(Node.MALMO));
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> withUmea(
                "{\"coordinators\": [\"u@example.org\"], \"visits\": {\"minimumNoticeDays\": -1}}"))
                .getMessage().contains("nodes.umea.visits.minimumNoticeDays"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> withUmea(
                "{\"coordinators\": [\"u@example.org\"], \"visits\": {\"dayStart\": \"9 am\"}}"))
                .getMessage().contains("nodes.umea.visits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> withUmea(
                "{\"coordinators\": [\"u@example.org\"], \"visits\": {\"dayStart\": \"16:00\", \"dayEnd\": \"09:00\"}}"))
                .getMessage().contains("dayEnd"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> withUmea(
                "{\"coordinators\": [\"u@example.org\"], \"visits\": {\"mapUrl\": \"javascript:alert(1)\"}}"))
                .getMessage().contains("mapUrl"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> withUmea(
                "{\"coordinators\": [{\"email\": \"not an address\"}]}")).getMessage().contains("nodes.umea.coordinators"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> withUmea("{\"coordinators\": []}"))
                .getMessage().contains("umea"));
    }
}
