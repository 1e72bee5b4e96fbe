package se.smartcitysweden.booking.localaws;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Turns records read through the DynamoDB Streams API into the {@link DynamodbEvent} Lambda
 * hands a function, as Lambda's event source mapping does (moto leaves out eventSourceARN and
 * always says us-east-1: both are set here from the stream and the region).
 */
public final class StreamRecordMapper {
    private StreamRecordMapper() { }

    public static DynamodbEvent event(List<Record> records, String streamArn, String region) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(record -> record(record, streamArn, region)).toList());
        return event;
    }

    public static DynamodbStreamRecord record(Record source, String streamArn, String region) {
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(source.eventID());
        record.setEventName(source.eventNameAsString());
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion(region);
        record.setEventSourceARN(streamArn);
        var data = source.dynamodb();
        StreamRecord stream = new StreamRecord();
        if (data.approximateCreationDateTime() != null) {
            stream.setApproximateCreationDateTime(Date.from(data.approximateCreationDateTime()));
        }
        stream.setKeys(image(data.keys()));
        stream.setNewImage(data.hasNewImage() ? image(data.newImage()) : null);
        stream.setOldImage(data.hasOldImage() ? image(data.oldImage()) : null);
        stream.setSequenceNumber(data.sequenceNumber());
        stream.setSizeBytes(data.sizeBytes());
        if (data.streamViewType() != null) stream.setStreamViewType(
                com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(data.streamViewTypeAsString()));
        record.setDynamodb(stream);
        return record;
    }

    private static Map<String, AttributeValue> image(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image) {
        if (image == null) return null;
        Map<String, AttributeValue> converted = new HashMap<>();
        image.forEach((name, value) -> converted.put(name, value(value)));
        return converted;
    }

    private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue converted = new AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case B -> converted.setB(value.b().asByteBuffer());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(true);
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case BS -> converted.setBS(value.bs().stream().map(b -> b.asByteBuffer()).toList());
            case M -> converted.setM(image(value.m()));
            case L -> converted.setL(value.l().stream().map(StreamRecordMapper::value).toList());
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        return converted;
    }
}
