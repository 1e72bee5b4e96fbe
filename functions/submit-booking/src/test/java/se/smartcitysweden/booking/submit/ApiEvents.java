package se.smartcitysweden.booking.submit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the sample events of {@code events/apigw/} with Lambda's own serializer, as the Java runtime does. */
final class ApiEvents {
    private static final PojoSerializer<APIGatewayV2HTTPEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiEvents.class.getClassLoader());

    private ApiEvents() { }

    static APIGatewayV2HTTPEvent load(String name) {
        try (InputStream in = Files.newInputStream(eventsFolder().resolve("apigw").resolve(name))) {
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path eventsFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events/apigw"))) return dir.resolve("events");
        }
        throw new IllegalStateException("events/ not found");
    }
}
