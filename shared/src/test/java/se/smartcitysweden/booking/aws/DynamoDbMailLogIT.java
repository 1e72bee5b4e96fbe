package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The booking's mail log against the local emulator, as the functions' roles allow it: ManageBookingFunction
 * (the narrowest role that sends mail: GetItem and UpdateItem) records, reads and erases; MailEventsFunction
 * records the reports.
 */
class DynamoDbMailLogIT {
    private static final LocalAws AWS = LocalAws.shared();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final DynamoDbClient MANAGE = AWS.clientsOf("ManageBookingFunction").dynamoDb();
    private static final Instant AT = Instant.parse("2027-03-02T09:00:00Z");
    private final DynamoDbMailLog log = new DynamoDbMailLog(MANAGE, TABLE);
    private final DynamoDbMailLog events = new DynamoDbMailLog(AWS.clientsOf("MailEventsFunction").dynamoDb(), TABLE);

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    @Test
    void givenAMailRecordedTwiceAndReportedTwice_whenRead_thenOnceWithEachReportOnce() {
        MailLog.Sent thanks = new MailLog.Sent("msg-1", "thanks", AT, List.of("ana@example.org"), Set.of());
        log.sent("b-1", thanks);
        log.sent("b-1", new MailLog.Sent("msg-1", "thanks", AT.plusSeconds(60), List.of("ana@example.org"), Set.of()));
        log.sent("b-1", new MailLog.Sent("msg-0", "visitor", AT.minusSeconds(60), List.of("ana@example.org", "org@example.org"), Set.of()));
        events.reported("b-1", "msg-1", "delivered");
        events.reported("b-1", "msg-1", "delivered");
        events.reported("b-1", "msg-0", "bounce:org@example.org");
        // A report of a message the log never saw is not kept (it would be a log without its mail).
        events.reported("b-1", "msg-unknown", "delivered");
        events.reported("b-2", "msg-9", "delivered");

        List<MailLog.Sent> mails = log.of("b-1");
        assertEquals(List.of("msg-0", "msg-1"), mails.stream().map(MailLog.Sent::messageId).toList(), "oldest first, once each");
        assertEquals(new MailLog.Sent("msg-1", "thanks", AT, List.of("ana@example.org"), Set.of("delivered")), mails.get(1),
                "the first record stays");
        assertEquals(Set.of("bounce:org@example.org"), mails.get(0).reports());
        assertEquals(List.of(), log.of("b-2"));
    }

    @Test
    void givenABookingAnonymised_whenSaved_thenItsMailLogKeepsWhatWasSentButNoAddress() {
        LocalDate day = LocalDate.parse("2027-03-01");
        Booking booking = new Booking("b-3", "UME-33333", BookingStatus.SUBMITTED, AT,
                BookingRequestParser.parse(BookingJson.valid(day), day).request().orElseThrow());
        new DynamoDbBookingRepository(AWS.clients().dynamoDb(), TABLE).create(booking, Optional.empty());
        log.sent("b-3", new MailLog.Sent("msg-3", "visitor", AT, List.of("ana@example.org"), Set.of()));
        events.reported("b-3", "msg-3", "complaint:ana@example.org");
        DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(MANAGE, TABLE);
        BookingCase loaded = cases.load("b-3").orElseThrow();
        assertTrue(cases.save(PersonalData.anonymise(loaded, Actor.visitor(), new HistoryEvent.Erased(), AT), Optional.empty(), AT));

        assertEquals(List.of(new MailLog.Sent("msg-3", "visitor", AT, List.of(), Set.of())), log.of("b-3"));
        events.reported("b-3", "msg-3", "delivered");
        assertEquals(Set.of(), log.of("b-3").get(0).reports(), "no report after the erasure");
    }
}
