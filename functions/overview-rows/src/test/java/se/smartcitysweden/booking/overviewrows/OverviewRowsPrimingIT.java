package se.smartcitysweden.booking.overviewrows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.localaws.LocalAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming of the overview rows function against the local AWS: it reads the sample, it writes nothing. */
class OverviewRowsPrimingIT {
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: the checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's client, under OverviewRowsFunction's role: what priming runs with. */
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = AWS.clientsOf("OverviewRowsFunction").dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final String OVERVIEW = AWS.physicalName("OverviewTable");

    @BeforeEach
    void freshAws() {
        AWS.reset();
    }

    @Test
    void primingRunsEveryStepAndWritesNothing() {
        int failed = OverviewRowsPriming.of(FUNCTION_DYNAMO_DB, OVERVIEW).run();

        assertEquals(0, failed, "the sample batch read and turned into a row, and the read, succeed against the local AWS");
        assertEquals(0, DYNAMO_DB.scan(r -> r.tableName(TABLE)).count(), "no item written");
        assertEquals(0, DYNAMO_DB.scan(r -> r.tableName(OVERVIEW)).count(), "no row written");
    }
}
