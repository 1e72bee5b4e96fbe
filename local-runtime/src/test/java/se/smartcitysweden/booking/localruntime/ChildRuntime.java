package se.smartcitysweden.booking.localruntime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.localaws.LocalIam;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local runtime in a JVM of its own, as {@code run.sh} starts it: the functions read the
 * emulator's endpoint from the process environment, which a test cannot set for itself.
 */
final class ChildRuntime implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private ChildRuntime(Process process) {
        this.process = process;
    }

    /** Starts it against the emulator at {@code endpoint} and waits until it says it is ready. */
    static ChildRuntime start(URI endpoint, int apiPort, int lambdaPort, Map<String, String> settings)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The test JVM's own -XX options (the build's testJvmArgs: C1 only, the serial collector) for the runtime too.
        List<String> command = new ArrayList<>(List.of(java));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(option -> option.startsWith("-XX:"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalRuntime.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        Map<String, String> all = new HashMap<>(Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "eu-north-1", "API_PORT", Integer.toString(apiPort),
                "LAMBDA_PORT", Integer.toString(lambdaPort), "LOCAL_SCHEDULE", "off"));
        all.putAll(settings);
        environment.putAll(all);
        ChildRuntime runtime = new ChildRuntime(builder.start());
        Thread reader = new Thread(runtime::copyOutput, "local-runtime-output-" + apiPort);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!runtime.output().contains(LocalRuntime.READY)) {
            if (!runtime.process.isAlive()) throw new IllegalStateException("the local runtime exited:\n" + runtime.output());
            if (System.nanoTime() > deadline) {
                runtime.close();
                throw new IllegalStateException("the local runtime did not start:\n" + runtime.output());
            }
            Thread.sleep(50);
        }
        // The runtime turned the emulator's IAM checks on and printed its administrator: this JVM's
        // fixtures and checks act as that administrator too.
        Matcher administrator = Pattern
                .compile("export AWS_ACCESS_KEY_ID=(\\S+) AWS_SECRET_ACCESS_KEY=(\\S+)").matcher(runtime.output());
        if (administrator.find()) LocalIam.adoptAdministrator(endpoint, administrator.group(1), administrator.group(2));
        return runtime;
    }

    /** Everything the runtime printed so far. */
    String output() {
        return output.toString();
    }

    private void copyOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                System.out.println("[local-runtime] " + line);
            }
        } catch (IOException ended) {
            // the process ended
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
