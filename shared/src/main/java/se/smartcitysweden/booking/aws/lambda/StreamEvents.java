package se.smartcitysweden.booking.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.json.Json;

/**
 * A DynamoDB stream batch read, and the batch answer written, with the function's own Jackson.
 * Lambda's runtime would otherwise read it with its event serializer (a second, shaded Jackson,
 * mix-ins and Joda-Time) at every cold start (BENCHMARKS.md). The stream's JSON names its fields
 * as DynamoDB does ({@code Records}, {@code NewImage}, {@code S}), not as the event class's
 * properties, so the record is built field by field, as Lambda's serializer builds it. Shared by
 * the stream-fed functions (an optional dependency of shared: only they carry the events library).
 */
public final class StreamEvents {
    private StreamEvents() { }

    public static DynamodbEvent read(InputStream input) throws IOException {
        return read(Json.MAPPER.readTree(input));
    }

    /** The batch from its JSON, already parsed (a function that also takes other input looks first). */
    public static DynamodbEvent read(JsonNode event) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (JsonNode json : event.path("Records")) {
            DynamodbStreamRecord record = new DynamodbStreamRecord();
            record.setEventSourceARN(text(json, "eventSourceARN"));
            record.setEventID(text(json, "eventID"));
            record.setEventName(text(json, "eventName"));
            record.setEventVersion(text(json, "eventVersion"));
            record.setEventSource(text(json, "eventSource"));
            record.setAwsRegion(text(json, "awsRegion"));
            JsonNode stream = json.get("dynamodb");
            if (stream != null && stream.isObject()) {
                StreamRecord change = new StreamRecord();
                JsonNode created = stream.get("ApproximateCreationDateTime");
                if (created != null && created.isNumber()) {
                    change.setApproximateCreationDateTime(new Date(Math.round(created.asDouble() * 1000)));
                }
                change.setKeys(image(stream.get("Keys")));
                change.setNewImage(image(stream.get("NewImage")));
                change.setOldImage(image(stream.get("OldImage")));
                change.setSequenceNumber(text(stream, "SequenceNumber"));
                if (stream.hasNonNull("SizeBytes")) change.setSizeBytes(stream.get("SizeBytes").asLong());
                if (stream.hasNonNull("StreamViewType")) {
                    change.setStreamViewType(StreamViewType.fromValue(stream.get("StreamViewType").asText()));
                }
                record.setDynamodb(change);
            }
            records.add(record);
        }
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(records);
        return batch;
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}}, as Lambda reads a partial batch failure. */
    public static void write(StreamsEventResponse response, OutputStream output) throws IOException {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(output)) {
            json.writeStartObject();
            json.writeArrayFieldStart("batchItemFailures");
            for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                json.writeStartObject();
                json.writeStringField("itemIdentifier", failure.getItemIdentifier());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, AttributeValue> image(JsonNode json) {
        if (json == null || !json.isObject()) return null;
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        json.fields().forEachRemaining(field -> image.put(field.getKey(), attribute(field.getValue())));
        return image;
    }

    private static AttributeValue attribute(JsonNode json) {
        AttributeValue value = new AttributeValue();
        if (json.has("S")) value.setS(json.get("S").asText());
        if (json.has("N")) value.setN(json.get("N").asText());
        if (json.has("B")) value.setB(bytes(json.get("B")));
        if (json.has("BOOL")) value.setBOOL(json.get("BOOL").asBoolean());
        if (json.has("NULL")) value.setNULL(json.get("NULL").asBoolean());
        if (json.has("SS")) value.setSS(texts(json.get("SS")));
        if (json.has("NS")) value.setNS(texts(json.get("NS")));
        if (json.has("BS")) {
            List<ByteBuffer> list = new ArrayList<>();
            json.get("BS").forEach(b -> list.add(bytes(b)));
            value.setBS(list);
        }
        if (json.has("M")) value.setM(image(json.get("M")));
        if (json.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            json.get("L").forEach(item -> list.add(attribute(item)));
            value.setL(list);
        }
        return value;
    }

    private static ByteBuffer bytes(JsonNode base64) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(base64.asText()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(item -> list.add(item.asText()));
        return list;
    }
}
