package se.smartcitysweden.booking.overviewrows;

import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbOverviewRows;
import se.smartcitysweden.booking.aws.lambda.StreamEvents;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.overview.OverviewBackfill;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.OverviewRows;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Fed by the booking table's stream (bookings made and changed, by the template's filter): keeps
 * each booking's overview row in its node's month, so the console's overview reads a few items
 * instead of every booking. Returns the records that must be retried. Invoked directly with
 * {@code {"rebuild":{"from":"YYYY-MM-DD","to":"YYYY-MM-DD"}}} it records the rows of the bookings
 * already stored (a deployment older than the rows). A stream handler: its input is read with the
 * function's own Jackson ({@link StreamEvents}), so Lambda's event serializer is never set up.
 */
public final class OverviewRowsHandler implements RequestStreamHandler {
    private final BookingRecords records;
    private final OverviewBackfill backfill;

    public OverviewRowsHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public OverviewRowsHandler(Map<String, String> env) {
        this(AwsClients.dynamoDb(env), required(env, "TABLE_NAME"), required(env, "OVERVIEW_TABLE_NAME"));
    }

    /** The bookings' table (the rebuild reads it) and the rows' own table. */
    private OverviewRowsHandler(DynamoDbClient dynamoDb, String bookingTable, String overviewTable) {
        this(new DynamoDbOverviewRows(dynamoDb, overviewTable), new DynamoDbBookingCaseRepository(dynamoDb, bookingTable));
        OverviewRowsPriming.of(dynamoDb, overviewTable).register();
    }

    OverviewRowsHandler(OverviewRows rows, BookingCaseRepository bookings) {
        this.records = new BookingRecords(rows);
        this.backfill = new OverviewBackfill(bookings, rows);
    }

    /** Lambda's entry: a stream batch, or a rebuild; anything else is answered {@code {"error": …}}. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext.Scope invocation = LogContext.begin(context == null ? null : context.getAwsRequestId(), LogContext.traceHeader())) {
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(input);
            } catch (JsonProcessingException e) {
                write(error("the input is not JSON"), output);
                return;
            }
            if (event != null && event.has("Records")) {
                StreamEvents.write(handleRequest(StreamEvents.read(event), context), output);
            } else if (event != null && event.has("rebuild")) {
                write(rebuild(event.get("rebuild")), output);
            } else {
                write(error("expected a DynamoDB stream batch or {\"rebuild\":{\"from\":\"YYYY-MM-DD\",\"to\":\"YYYY-MM-DD\"}}"), output);
            }
        }
    }

    /** The stream batch as an object (the tests' entry). */
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context == null ? null : context.getAwsRequestId(), LogContext.traceHeader())) {
            return records.process(event);
        }
    }

    /** {@code {"rebuilt": <rows>, "from", "to"}}, or {@code {"error": …}} for input that is no period. */
    ObjectNode rebuild(JsonNode input) {
        RebuildRequest request;
        try {
            request = RebuildRequest.parse(input);
        } catch (RebuildRequest.Invalid e) {
            Log.info("overview.rebuild_refused").field("reason", e.getMessage()).write();
            return error(e.getMessage());
        }
        int rows = backfill.rebuild(request.from(), request.to());
        Log.info("overview.rebuilt").field("from", request.from().toString()).field("to", request.to().toString())
                .field("rows", rows).write();
        ObjectNode answer = Json.object();
        answer.put("rebuilt", rows);
        answer.put("from", request.from().toString());
        answer.put("to", request.to().toString());
        return answer;
    }

    private static ObjectNode error(String message) {
        ObjectNode answer = Json.object();
        answer.put("error", message);
        return answer;
    }

    private static void write(JsonNode answer, OutputStream output) throws IOException {
        output.write(Json.write(answer).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
