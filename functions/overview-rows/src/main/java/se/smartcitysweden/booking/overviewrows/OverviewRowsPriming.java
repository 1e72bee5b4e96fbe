package se.smartcitysweden.booking.overviewrows;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.io.InputStream;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.OverviewRowDocument;
import se.smartcitysweden.booking.aws.lambda.StreamEvents;
import se.smartcitysweden.booking.aws.lambda.StreamImages;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.domain.OverviewRow;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's dry run before SnapStart's snapshot: the sample batch read, its booking turned into a
 * row and back, one read and one update its condition refuses (nothing written).
 */
final class OverviewRowsPriming {
    private OverviewRowsPriming() { }

    static Priming of(DynamoDbClient dynamoDb, String table) {
        return new Priming("overview-rows")
                .step("dry-run", () -> {
                    DynamodbEvent event;
                    try (InputStream sample = OverviewRowsPriming.class.getResourceAsStream("/priming/new-booking.json")) {
                        event = StreamEvents.read(sample);
                    }
                    OverviewRow row = OverviewRow.of(DynamoDbBookingCaseRepository.toCase(
                            StreamImages.toSdk(event.getRecords().get(0).getDynamodb().getNewImage())));
                    OverviewRowDocument.decode(OverviewRowDocument.encode(row));
                })
                .readTable(dynamoDb, table)
                .refusedUpdate(dynamoDb, table)
                .writesAnsweredLocally(table);
    }
}
