package se.smartcitysweden.booking.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** What a piece of code writes to standard output and standard error (log lines, metrics, stack traces). */
public final class CapturedOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    private CapturedOutput() { }

    /** Runs {@code work} with both streams captured; the tests that use it run one at a time (surefire's default). */
    public static <T> T capture(CapturedOutput into, Supplier<T> work) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(into.bytes, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            return work.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Captures both streams from now until {@link #stop()} (for a whole test). */
    public static CapturedOutput start() {
        CapturedOutput captured = new CapturedOutput();
        captured.out = System.out;
        captured.err = System.err;
        PrintStream both = new PrintStream(captured.bytes, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        return captured;
    }

    public void stop() {
        System.setOut(out);
        System.setErr(err);
    }

    public static CapturedOutput empty() {
        return new CapturedOutput();
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<String> lines() {
        return text().lines().filter(line -> !line.isBlank()).toList();
    }

    public void clear() {
        bytes.reset();
    }
}
