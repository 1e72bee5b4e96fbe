package se.smartcitysweden.booking.overviewrows;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.lambda.StreamImages;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.port.OverviewRows;
import se.smartcitysweden.booking.port.StorageUnavailableException;

/** Goes through a stream batch: records the row of each booking made or changed, and collects the records to retry. */
final class BookingRecords {
    private final OverviewRows rows;

    BookingRecords(OverviewRows rows) {
        this.rows = rows;
    }

    StreamsEventResponse process(DynamodbEvent event) {
        List<BatchItemFailure> failures = new ArrayList<>();
        int recorded = 0;
        for (DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbStreamRecord>of() : event.getRecords()) {
            // A removed booking keeps its row (the statistics outlive it); the filter keeps other items away.
            if (!isBookingWritten(record)) continue;
            String sequenceNumber = record.getDynamodb().getSequenceNumber();
            OverviewRow row;
            try {
                // Read as the repository reads a stored booking: the same mapping, the same version.
                row = OverviewRow.of(DynamoDbBookingCaseRepository.toCase(StreamImages.toSdk(record.getDynamodb().getNewImage())));
            } catch (RuntimeException e) {
                // Retrying cannot make it readable, and a reported failure would hold up every record
                // behind it for all of Lambda's retries: its key goes to the log and the alarm.
                Log.error("overview.unreadable_record").field("sequenceNumber", sequenceNumber).field("pk", key(record))
                        .error(e).write();
                Metrics.count(Metrics.Name.UnreadableRecords);
                continue;
            }
            // The record's lines carry its booking id, the batch's line does not.
            try (LogContext.Scope forBooking = LogContext.forBooking(row.bookingId())) {
                try {
                    rows.record(row);
                    recorded++;
                } catch (StorageUnavailableException e) {
                    // Retried by Lambda, then parked in the on-failure queue (a rebuild repairs the months).
                    Log.error("overview.record_failed").field("sequenceNumber", sequenceNumber).error(e).write();
                    failures.add(new BatchItemFailure(sequenceNumber));
                }
            }
        }
        Log.info("overview.batch").field("records", event.getRecords() == null ? 0 : event.getRecords().size())
                .field("recorded", recorded).field("failed", failures.size()).write();
        return new StreamsEventResponse(failures);
    }

    private static String key(DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
        AttributeValue pk = keys == null ? null : keys.get(BookingTable.PK);
        return pk == null ? "" : pk.getS();
    }

    private static boolean isBookingWritten(DynamodbStreamRecord record) {
        if (!("INSERT".equals(record.getEventName()) || "MODIFY".equals(record.getEventName())) || record.getDynamodb() == null) {
            return false;
        }
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        AttributeValue type = image == null ? null : image.get(BookingTable.TYPE);
        return type != null && BookingTable.TYPE_BOOKING.equals(type.getS());
    }
}
