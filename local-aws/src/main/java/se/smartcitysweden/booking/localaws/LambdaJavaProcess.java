package se.smartcitysweden.booking.localaws;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's deployment jar in a JVM of its own, started as Lambda's Java runtime starts it:
 * {@code java -cp <function jar>:<runtime client> com.amazonaws...AWSLambda <Handler>}, in an empty
 * task folder, with an environment built from nothing but {@code PATH}, {@code HOME},
 * {@code JAVA_HOME} and the variables given (so no credentials leak in from this process).
 * Its output (stdout and stderr) goes to a log file.
 */
public final class LambdaJavaProcess implements AutoCloseable {
    public static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Where the runtime client loads its native HTTP client from, instead of unpacking it to a fixed path. */
    private static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final Process process;
    private final long startedNanos;
    private final Path log;
    private final List<Path> folders;

    private LambdaJavaProcess(Process process, long startedNanos, Path log, List<Path> folders) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
        this.folders = folders;
    }

    /**
     * @param runtimeClient the runtime interface client's jar and its own dependencies
     * @param environment   Lambda's variables, the function's own, {@code AWS_LAMBDA_RUNTIME_API} and
     *                      whatever credentials the function is to get
     */
    public static LambdaJavaProcess start(Path functionJar, List<Path> runtimeClient, String handler, int memoryMb,
                                          Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(functionJar)) {
            throw new IllegalStateException(functionJar + " does not exist: build the functions first (mvn package)");
        }
        try {
            Path taskRoot = Files.createTempDirectory("lambda-task-");
            Path runtimeDir = Files.createTempDirectory("lambda-runtime-");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // As Lambda's Java runtime: the heap sized from the memory setting, the serial collector.
                    "-XX:MaxHeapSize=" + memoryMb * 85 / 100 + "m", "-XX:+UseSerialGC",
                    // The JVM sizes its other defaults (the initial heap: 1/64) from the machine's memory,
                    // which on Lambda is the function's: without this a 24 GiB host starts with a 384 MiB heap.
                    "-XX:MaxRAM=" + memoryMb + "m"));
            nativeClient(runtimeClient, runtimeDir).ifPresent(lib -> command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + lib));
            command.addAll(List.of("-cp", Stream.concat(Stream.of(functionJar), runtimeClient.stream()).map(Path::toString)
                            .collect(Collectors.joining(File.pathSeparator)),
                    RUNTIME_CLIENT_MAIN, handler));
            ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            Map<String, String> kept = new LinkedHashMap<>();
            for (String name : List.of("PATH", "HOME", "JAVA_HOME")) {
                if (env.get(name) != null) kept.put(name, env.get(name));
            }
            env.clear();
            env.putAll(kept);
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("_HANDLER", handler);
            env.putAll(environment);
            long started = System.nanoTime();
            return new LambdaJavaProcess(builder.start(), started, log, List.of(taskRoot, runtimeDir));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + functionJar + ": " + e.getMessage(), e);
        }
    }

    /**
     * The runtime client's native library, unpacked into the process's own folder. Left to itself the
     * client unpacks it to one fixed file in /tmp, which processes started at the same moment
     * overwrite while another loads it (the JVM then dies of SIGBUS).
     */
    private static Optional<Path> nativeClient(List<Path> runtimeClient, Path folder) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        for (Path jar : runtimeClient) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry lib = zip.getEntry(entry);
                if (lib == null) continue;
                Path target = folder.resolve("libaws-lambda-jni.so");
                try (var in = zip.getInputStream(lib)) {
                    Files.copy(in, target);
                }
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startedNanos() { return startedNanos; }

    public boolean isAlive() { return process.isAlive(); }

    /** The exit status, or -1 while it runs. */
    public int exitValue() { return process.isAlive() ? -1 : process.exitValue(); }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after five seconds) and waits until it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
    }
}
