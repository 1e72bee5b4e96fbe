package se.smartcitysweden.booking.localaws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's sample events ({@code events/}), read with Lambda's own serializer as the Java
 * runtime reads what AWS sends, so that field-name quirks show up in tests.
 */
public final class SampleEvents {
    private SampleEvents() { }

    /** {@code events/apigw/<name>}: an HTTP API (payload 2.0) event. */
    public static APIGatewayV2HTTPEvent apiGateway(String name) {
        return load(APIGatewayV2HTTPEvent.class, "apigw", name);
    }

    /** {@code events/dynamodb/<name>}: a DynamoDB stream batch. */
    public static DynamodbEvent dynamodb(String name) {
        return load(DynamodbEvent.class, "dynamodb", name);
    }

    private static <T> T load(Class<T> type, String folder, String name) {
        try (InputStream in = Files.newInputStream(folder().resolve(folder).resolve(name))) {
            return LambdaEventSerializers.serializerFor(type, SampleEvents.class.getClassLoader()).fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sample event " + folder + "/" + name, e);
        }
    }

    /** The {@code events/} folder in the working directory or the nearest folder above it. */
    public static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events/apigw"))) return dir.resolve("events");
        }
        throw new IllegalStateException("events/ not found in " + Path.of("").toAbsolutePath() + " or above");
    }
}
