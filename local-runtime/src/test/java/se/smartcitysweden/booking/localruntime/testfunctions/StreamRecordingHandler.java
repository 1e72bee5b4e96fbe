package se.smartcitysweden.booking.localruntime.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream function that notes every batch it gets (in this JVM, for the in-process tests) and
 * misbehaves on request: an item whose {@code behaviour} is {@code fail} is reported as a batch
 * item failure, one whose {@code behaviour} is {@code throw} makes the whole invocation fail.
 */
public final class StreamRecordingHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** One invocation: the records' keys, event names and sequence numbers, in order. */
    public record Delivery(List<String> keys, List<String> eventNames, List<String> sequenceNumbers,
                           List<String> eventSourceArns, List<String> regions, boolean threw) { }

    public static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();

    public StreamRecordingHandler(Map<String, String> environment) { }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        List<BatchItemFailure> failures = new ArrayList<>();
        boolean fail = false;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            keys.add(record.getDynamodb().getKeys().get("pk").getS());
            names.add(record.getEventName());
            sequences.add(record.getDynamodb().getSequenceNumber());
            arns.add(record.getEventSourceARN());
            regions.add(record.getAwsRegion());
            Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
            String behaviour = image == null || image.get("behaviour") == null ? "" : image.get("behaviour").getS();
            if (behaviour.equals("throw")) fail = true;
            if (behaviour.equals("fail")) failures.add(new BatchItemFailure(record.getDynamodb().getSequenceNumber()));
        }
        DELIVERIES.add(new Delivery(keys, names, sequences, arns, regions, fail));
        if (fail) throw new IllegalStateException("cannot process this batch");
        return new StreamsEventResponse(failures);
    }
}
