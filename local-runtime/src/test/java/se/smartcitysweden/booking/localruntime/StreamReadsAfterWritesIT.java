package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.localruntime.testfunctions.StreamRecordingHandler;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream mappings as `make run` wires them: read right after each DynamoDB write that passes the functions'
 * write serialiser, and otherwise seldom. Here "seldom" is longer than the test, so only the wake-up can deliver
 * in time: a write through the serialiser at once, and a write made elsewhere with the next one, in order.
 */
class StreamReadsAfterWritesIT {
    private static final String TABLE = LocalRuntime.STACK_NAME + "-StreamTestTable";
    @TempDir
    static Path folder;
    private static MotoServer moto;
    private static FaultInjectingProxy writes;
    private static LocalRuntime runtime;
    private static DynamoDbClient direct;
    private static DynamoDbClient throughTheSerialiser;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        runtime = LocalRuntime.start(TestTemplate.settings(folder, moto, Map.of()),
                new PrintStream(System.out, true, StandardCharsets.UTF_8));
        writes = FaultInjectingProxy.oneDynamoDbWriteAtATime(moto.endpoint());
        runtime.readStreamsAfterWrites(writes, 600_000);
        direct = runtime.clients().dynamoDb();
        throughTheSerialiser = new LocalAwsClients(writes.endpoint(), runtime.clients().credentials()).dynamoDb();
        Thread.sleep(StreamEventSource.POLL_MILLIS * 2); // each mapping's first wait, at the old pace, is over
        StreamRecordingHandler.DELIVERIES.clear();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        if (direct != null) direct.close();
        if (throughTheSerialiser != null) throughTheSerialiser.close();
        if (writes != null) writes.close();
        if (moto != null) moto.close();
    }

    @Test
    void aWriteThroughTheSerialiserIsReadAtOnce_andOneMadeElsewhereWithTheNext() throws Exception {
        put(throughTheSerialiser, "w1");
        assertEquals(List.of("w1"), awaitKeys(1));

        put(direct, "w2");
        Thread.sleep(1_000);
        assertEquals(List.of("w1"), delivered(), "a write elsewhere waits for the next read");
        put(throughTheSerialiser, "w3");
        assertEquals(List.of("w1", "w2", "w3"), awaitKeys(3));
    }

    private static void put(DynamoDbClient client, String key) {
        client.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(key), "kind", AttributeValue.fromS("test"))));
    }

    private static List<String> delivered() {
        return StreamRecordingHandler.DELIVERIES.stream().filter(d -> !d.threw()).flatMap(d -> d.keys().stream()).toList();
    }

    /** The delivered keys once there are {@code count}, within 10 s (the mappings' idle wait is 10 minutes). */
    private static List<String> awaitKeys(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (delivered().size() < count && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(delivered().size() >= count, "delivered: " + delivered());
        return delivered();
    }
}
