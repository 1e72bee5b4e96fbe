package se.smartcitysweden.booking.aws;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The national overview's read, against the local emulator: one node's period from the byNode index. */
class DynamoDbBookingCaseRepositoryIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: the fixtures. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /**
     * The repository's period read (submittedBetween, a Query of byNode) runs in OverviewRowsFunction
     * (OverviewBackfill, the rebuild), ConsoleFunction (DynamoDbConsoleStore) and FollowUpFunction (the
     * national digest); the repository under test acts as OverviewRowsFunction, the narrowest of their
     * policies that allows the Query.
     */
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = AWS.clientsOf("OverviewRowsFunction").dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    private final DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE);

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    private void stored(String reference, String node, String createdAt) {
        Instant at = Instant.parse(createdAt);
        LocalDate day = LocalDate.parse(createdAt.substring(0, 10));
        Booking booking = new Booking("id-" + reference, reference, BookingStatus.SUBMITTED, at,
                BookingRequestParser.parse(BookingJson.valid(day).put("node", node), day).request().orElseThrow());
        bookings.create(booking, Optional.empty());
    }

    @Test
    void givenBookingsOfTwoNodes_whenAPeriodIsRead_thenOnlyTheNodesBookingsOfThePeriodAreReadAndNothingElse() {
        stored("UME-BEFOR", "umea", "2026-12-31T22:59:59Z");
        stored("UME-FIRST", "umea", "2026-12-31T23:00:00Z");
        stored("UME-LASTD", "umea", "2027-12-31T22:59:59Z");
        stored("UME-AFTER", "umea", "2027-12-31T23:00:00Z");
        stored("STO-INPER", "stockholm", "2027-06-01T10:00:00Z");

        List<BookingCase> year = cases.submittedBetween(Node.UMEA, Instant.parse("2026-12-31T23:00:00Z"),
                Instant.parse("2027-12-31T22:59:59Z"));

        assertEquals(List.of("UME-FIRST", "UME-LASTD"), year.stream().map(c -> c.booking().reference()).toList());
        assertEquals(2, cases.itemsRead(), "a range of the index, not a scan");
    }
}
