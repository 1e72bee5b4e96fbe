package se.smartcitysweden.booking.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.lambda.StreamEvents;
import se.smartcitysweden.booking.localaws.SampleEvents;

/** The notify function's own reading of a stream batch is Lambda's serializer's, field for field. */
class StreamEventsTest {
    /** Every kind of attribute value, nested, and a record without images. */
    private static final String ALL_KINDS = """
            {"Records":[{"eventID":"1","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb",
              "awsRegion":"eu-north-1","eventSourceARN":"arn:aws:dynamodb:eu-north-1:123456789012:table/t/stream/x",
              "dynamodb":{"ApproximateCreationDateTime":1795770843,"Keys":{"pk":{"S":"BOOKING#1"}},
                "NewImage":{"s":{"S":"Åsa"},"n":{"N":"12.5"},"b":{"B":"AQID"},"t":{"BOOL":true},"z":{"NULL":true},
                  "ss":{"SS":["a","b"]},"ns":{"NS":["1","2"]},"bs":{"BS":["AQ==","Ag=="]},
                  "m":{"M":{"inner":{"L":[{"S":"x"},{"N":"1"},{"M":{}}]}}}},
                "OldImage":{"s":{"S":"Asa"}},
                "SequenceNumber":"4421584500000000017450439091","SizeBytes":190,"StreamViewType":"NEW_AND_OLD_IMAGES"}},
             {"eventID":"2","eventName":"REMOVE","dynamodb":{"Keys":{"pk":{"S":"BOOKING#2"}},"SequenceNumber":"2"}}]}
            """;

    @Test
    void theHandler_isAStreamHandler_soLambdasRuntimeSetsUpNoEventSerializer() {
        assertTrue(RequestStreamHandler.class.isAssignableFrom(NotifyCoordinatorHandler.class));
    }

    @Test
    void givenEveryStreamSample_whenRead_thenItEqualsWhatLambdasSerializerReads() throws IOException {
        for (String name : List.of("new-booking.json", "not-new-bookings.json")) {
            try (InputStream in = Files.newInputStream(SampleEvents.folder().resolve("dynamodb").resolve(name))) {
                assertEquals(SampleEvents.dynamodb(name), StreamEvents.read(in), name);
            }
        }
    }

    @Test
    void givenEveryKindOfAttributeValue_whenRead_thenItEqualsWhatLambdasSerializerReads() throws IOException {
        DynamodbEvent lambdas = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader())
                .fromJson(ALL_KINDS);
        assertEquals(lambdas, StreamEvents.read(new ByteArrayInputStream(ALL_KINDS.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void givenFailedRecords_whenTheAnswerIsWritten_thenLambdaReadsTheirSequenceNumbers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamEvents.write(new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure("42"),
                new StreamsEventResponse.BatchItemFailure("43"))), out);
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"42\"},{\"itemIdentifier\":\"43\"}]}",
                out.toString(StandardCharsets.UTF_8));
        out.reset();
        StreamEvents.write(new StreamsEventResponse(List.of()), out);
        assertEquals("{\"batchItemFailures\":[]}", out.toString(StandardCharsets.UTF_8));
    }
}
