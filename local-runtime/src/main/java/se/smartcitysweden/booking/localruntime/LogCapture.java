package se.smartcitysweden.booking.localruntime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects what an invocation writes to {@code System.out}/{@code System.err} (and its
 * LambdaLogger) on the invocation's thread, while still printing it, so the Invoke API can answer
 * {@code X-Amz-Log-Type: Tail} as Lambda does. Output of other threads is printed, not collected.
 */
final class LogCapture {
    private static final ThreadLocal<ByteArrayOutputStream> BUFFER = new ThreadLocal<>();
    private static boolean installed;

    private LogCapture() { }

    /** Puts the collecting streams in place of System.out and System.err (once per JVM). */
    static synchronized void install() {
        if (installed) return;
        System.setOut(new PrintStream(new Tee(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err), true, StandardCharsets.UTF_8));
        installed = true;
    }

    /** Starts collecting on this thread. */
    static void begin() {
        BUFFER.set(new ByteArrayOutputStream());
    }

    /** Stops collecting on this thread and returns what was written since {@link #begin()}. */
    static String end() {
        ByteArrayOutputStream buffer = BUFFER.get();
        BUFFER.remove();
        return buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream target;

        Tee(OutputStream target) { this.target = target; }

        @Override
        public void write(int b) throws java.io.IOException {
            target.write(b);
            ByteArrayOutputStream buffer = BUFFER.get();
            if (buffer != null) buffer.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            target.write(bytes, offset, length);
            ByteArrayOutputStream buffer = BUFFER.get();
            if (buffer != null) buffer.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException { target.flush(); }
    }
}
