package se.smartcitysweden.booking.bench.harness;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How complete a function's SnapStart priming is, in one JVM: build the handler as Lambda does
 * (its constructor registers the priming), run what it registered as SnapStart does before the
 * snapshot ({@code Priming.runRegistered}, unless {@code -Dbench.prime=false}), then time the first
 * invocation and the warm ones that follow, one event file each. Prints one {@code PRIMING} line.
 *
 * <p>Usage: {@code java -cp <artifact>.jar:benchmarks-harness.jar:aws-lambda-java-serialization.jar
 * se.smartcitysweden.booking.bench.harness.PrimingProbe <handler class> <first.json> <warm.json>...}
 * Under {@code -Xlog:class+load} the classes loaded between {@code PrimingProbe$FirstInvocation} and
 * {@code PrimingProbe$WarmInvocations} are those the first invocation needed and priming did not load.
 */
public final class PrimingProbe {
    private PrimingProbe() { }

    public static void main(String[] args) throws Exception {
        ClassLoader loader = PrimingProbe.class.getClassLoader();
        Class<?> handlerClass = Class.forName(args[0], true, loader);
        Object instance = handlerClass.getConstructor().newInstance();
        PojoSerializer<Object> input = null;
        PojoSerializer<Object> output = null;
        if (!(instance instanceof RequestStreamHandler)) {
            // Lambda's runtime sets its serializers up at init, before any snapshot.
            Type[] types = ColdStartHarness.requestHandlerTypes(handlerClass);
            input = ColdStartHarness.serializerFor(types[0], loader);
            output = ColdStartHarness.serializerFor(types[1], loader);
        }
        long primingNanos = System.nanoTime();
        Object failed = -1;
        if (!"false".equals(System.getProperty("bench.prime"))) {
            // Reflection: the harness jar carries none of the function's classes; the artifact does.
            failed = Class.forName("se.smartcitysweden.booking.aws.priming.Priming", true, loader).getMethod("runRegistered").invoke(null);
        }
        primingNanos = System.nanoTime() - primingNanos;
        List<String> times = new ArrayList<>();
        List<String> cpuTimes = new ArrayList<>();
        // This thread's CPU time leaves out the wait for the emulator's answers, whose latency varies
        // from call to call (moto); set up before the first invocation so its own classes are not counted.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadCpuTime();
        String last = "";
        for (int i = 1; i < args.length; i++) {
            // Marks in a -Xlog:class+load log which classes the first invocation loads: what priming left out.
            if (i == 1) FirstInvocation.mark();
            if (i == 2) WarmInvocations.mark();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(Path.of(args[i]))) {
                if (instance instanceof RequestStreamHandler stream) {
                    stream.handleRequest(in, json, new HarnessContext());
                } else {
                    @SuppressWarnings("unchecked")
                    RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) instance;
                    output.toJson(handler.handleRequest(input.fromJson(in), new HarnessContext()), json);
                }
            }
            // Both clocks read before formatting: the first String.format loads the JDK's Formatter.
            long wall = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            times.add(String.format(java.util.Locale.ROOT, "%.2f", wall / 1e6));
            cpuTimes.add(String.format(java.util.Locale.ROOT, "%.2f", cpu / 1e6));
            last = json.toString(StandardCharsets.UTF_8);
        }
        System.out.println("PRIMING failed_steps=" + failed + " priming_ms="
                + String.format(java.util.Locale.ROOT, "%.1f", primingNanos / 1e6) + " times_ms=" + String.join(",", times) + " cpu_ms=" + String.join(",", cpuTimes));
        System.out.println("RESPONSE " + last);
        System.out.flush();
        System.exit(0);
    }

    /** Loaded just before the first invocation (see the loop). */
    static final class FirstInvocation {
        static void mark() { }
    }

    /** Loaded just before the second. */
    static final class WarmInvocations {
        static void mark() { }
    }
}
