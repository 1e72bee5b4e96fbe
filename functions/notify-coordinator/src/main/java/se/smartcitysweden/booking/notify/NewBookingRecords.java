package se.smartcitysweden.booking.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.lambda.StreamImages;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.port.StorageUnavailableException;

/** Goes through a stream batch: notifies each new booking and collects the records to retry. */
final class NewBookingRecords {
    private final NotificationService service;

    NewBookingRecords(NotificationService service) {
        this.service = service;
    }

    StreamsEventResponse process(DynamodbEvent event) {
        List<BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbStreamRecord>of() : event.getRecords()) {
            if (!isNewBooking(record)) {
                continue; // the filter should keep these away; if one comes, it is not ours to handle
            }
            String sequenceNumber = record.getDynamodb().getSequenceNumber();
            Booking booking = null;
            try {
                booking = DynamoDbBookingRepository.toBooking(StreamImages.toSdk(record.getDynamodb().getNewImage()));
                // PENDING is no failure of the record: the booking stays due and the safety net sends
                // the mail once its claim is stale (retrying the record now would find it held).
                if (service.notifyNewBooking(booking) == NotificationService.Outcome.RETRY_LATER) {
                    failures.add(new BatchItemFailure(sequenceNumber));
                }
            } catch (IllegalArgumentException e) {
                // An item that cannot be read as a booking will not become readable by retrying,
                // and a reported failure would hold up every record behind it for all of Lambda's
                // retries. It stays in the table, and its key goes to the log and the
                // UnreadableRecords alarm, which sends an operator to it.
                Log.error("notification.unreadable_record").field("sequenceNumber", sequenceNumber)
                        .field("pk", key(record)).error(e).write();
                Metrics.count(Metrics.Name.UnreadableRecords);
            } catch (StorageUnavailableException e) {
                // The table failed: retried, then parked in the on-failure queue by Lambda; the
                // follow-up's safety net also finds the booking pending.
                try (LogContext.Scope forBooking = LogContext.forBooking(booking == null ? null : booking.id())) {
                    Log.error("notification.record_failed").field("sequenceNumber", sequenceNumber).error(e).write();
                }
                failures.add(new BatchItemFailure(sequenceNumber));
            }
        }
        return new StreamsEventResponse(failures);
    }

    private static String key(DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
        AttributeValue pk = keys == null ? null : keys.get(BookingTable.PK);
        return pk == null ? "" : pk.getS();
    }

    private static boolean isNewBooking(DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null) return false;
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        AttributeValue type = image == null ? null : image.get(BookingTable.TYPE);
        return type != null && BookingTable.TYPE_BOOKING.equals(type.getS());
    }
}
