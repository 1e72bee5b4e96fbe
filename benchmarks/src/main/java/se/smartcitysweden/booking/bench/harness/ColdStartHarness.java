package se.smartcitysweden.booking.bench.harness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, as Lambda's Java runtime does it: load and construct the handler (init), turn
 * the event's JSON into the handler's input type with {@code aws-lambda-java-serialization}
 * (or, with {@code -Dbench.serializer=jackson}, with the artifact's own Jackson),
 * call {@code handleRequest} once, turn the result back into JSON, print the timings and exit.
 * A {@code RequestStreamHandler} gets the event's bytes and writes its JSON itself, as the runtime does it.
 *
 * <p>Usage: {@code java -Dbench.launchMillis=<epoch ms when the process was started>
 * -cp benchmarks-harness.jar:aws-lambda-java-serialization.jar:<artifact>.jar
 * se.smartcitysweden.booking.bench.harness.ColdStartHarness <handler class> <event.json>}
 *
 * <p>Kept to the JDK, the Lambda core and events types and the serializer, so that it loads
 * the same classes whichever handler it runs: the difference between two runs is the handler's.
 */
public final class ColdStartHarness {
    private ColdStartHarness() { }

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        long mainMillis = System.currentTimeMillis();
        if (args.length != 2) {
            System.err.println("usage: ColdStartHarness <handler class> <event.json>");
            System.exit(2);
        }
        ClassLoader loader = ColdStartHarness.class.getClassLoader();

        // Init phase: the runtime loads the handler class, builds it and its serializers.
        Class<?> handlerClass = Class.forName(args[0], true, loader);
        Object instance = handlerClass.getConstructor().newInstance();
        byte[] answer;
        long builtNanos;
        long responseNanos;
        if (instance instanceof RequestStreamHandler stream) {
            // A stream handler reads and writes JSON itself: the runtime sets up no serializer.
            builtNanos = System.nanoTime();
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
                stream.handleRequest(in, json, new HarnessContext());
            }
            responseNanos = System.nanoTime();
            answer = json.toByteArray();
        } else {
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) instance;
            Type[] types = requestHandlerTypes(handlerClass);
            PojoSerializer<Object> input = serializerFor(types[0], loader);
            PojoSerializer<Object> output = serializerFor(types[1], loader);
            builtNanos = System.nanoTime();

            // Invoke phase: one event in, one response out.
            Object event;
            try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
                event = input.fromJson(in);
            }
            Object result = handler.handleRequest(event, new HarnessContext());
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            output.toJson(result, json);
            responseNanos = System.nanoTime();
            answer = json.toByteArray();
        }

        String text = new String(answer, StandardCharsets.UTF_8);
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)").matcher(text);
        int status = code.find() ? Integer.parseInt(code.group(1)) : -1;
        long launchMillis = Long.getLong("bench.launchMillis", -1L);
        System.out.println("BENCH status=" + status
                + " launch_to_main_ms=" + (launchMillis < 0 ? -1 : mainMillis - launchMillis)
                + " main_to_built_ms=" + millis(builtNanos - mainNanos)
                + " built_to_response_ms=" + millis(responseNanos - builtNanos)
                + " main_to_response_ms=" + millis(responseNanos - mainNanos)
                + " vmhwm_kb=" + peakRssKb()
                + " cpu_ms=" + cpuMillis());
        System.out.println("RESPONSE " + text);
        System.out.flush();
        System.exit(0);
    }

    /** The input and output types, read from {@code RequestHandler<I, O>} as the runtime reads them. */
    static Type[] requestHandlerTypes(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    return parameterized.getActualTypeArguments();
                }
            }
        }
        throw new IllegalArgumentException(handlerClass + " does not implement RequestHandler<I, O> directly");
    }

    /**
     * The runtime's choice (as the runtime interface client's EventHandlerLoader makes it): the
     * event serializers for the events it knows, else its Jackson POJO serializer, which is what
     * APIGatewayV2HTTPEvent gets. {@code -Dbench.serializer=jackson} reads with the artifact's
     * own Jackson instead.
     */
    @SuppressWarnings("unchecked")
    static PojoSerializer<Object> serializerFor(Type type, ClassLoader loader) {
        if ("jackson".equals(System.getProperty("bench.serializer"))) return new PlainJacksonSerializer(type);
        if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(c, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** User + system CPU time of the process so far, from /proc (Linux; clock ticks of 10 ms); -1 elsewhere. */
    private static long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    /** VmHWM from /proc (Linux), read after the timings; -1 elsewhere. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
