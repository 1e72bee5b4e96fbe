package se.smartcitysweden.booking.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.localaws.SampleEvents;

/**
 * The stream handlers of the HTTP API (submit, manage, console) read their events with
 * {@link HttpApiStreams}: every API Gateway sample must read as Lambda's own serializer reads it.
 */
class HttpApiStreamsTest {
    @Test
    void givenEveryApiGatewaySample_whenReadWithTheFunctionsJackson_thenItIsWhatLambdasSerializerReads() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(SampleEvents.folder().resolve("apigw"))) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(samples.size() >= 11, "the samples of submit, manage and console: " + samples);
        for (Path sample : samples) {
            String name = sample.getFileName().toString();
            try (InputStream in = Files.newInputStream(sample)) {
                assertEquals(SampleEvents.apiGateway(name), HttpApiStreams.read(in), name);
            }
        }
    }
}
