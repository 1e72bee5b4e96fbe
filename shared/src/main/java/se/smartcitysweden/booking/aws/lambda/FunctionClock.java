package se.smartcitysweden.booking.aws.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The one clock every function reads its "now" from, built from its environment. On AWS it is the system's
 * (UTC). The local runtime sets {@code LOCAL_CLOCK_FILE}: a file holding how far the simulated time runs ahead of
 * (or behind) the real one, as an ISO-8601 duration ({@code PT720H}, {@code -P1D}); the page /_local/clock and the
 * mailbox's control write it, so a whole visit plays at simulated dates in every function at once (each reads the
 * file again when it changes; one file-time look-up a call, locally only).
 */
public final class FunctionClock extends Clock {
    public static final String VARIABLE = "LOCAL_CLOCK_FILE";
    private final Path file;
    private volatile FileTime seen = FileTime.fromMillis(0);
    private volatile Duration offset = Duration.ZERO;

    private FunctionClock(Path file) {
        this.file = file;
    }

    /** The system clock, or the local runtime's simulated one when {@value #VARIABLE} names a file. */
    public static Clock of(Map<String, String> environment) {
        String file = environment.get(VARIABLE);
        return file == null || file.isBlank() ? Clock.systemUTC() : new FunctionClock(Path.of(file));
    }

    /** Writes the offset the simulated clock runs at (the local runtime's control). */
    public static void write(Path file, Duration offset) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, offset.toString(), StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The offset in the file; zero when it is missing, empty or unreadable. */
    public static Duration read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Duration.ZERO : Duration.parse(text);
        } catch (IOException | RuntimeException unreadable) {
            return Duration.ZERO;
        }
    }

    public Duration offset() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            // A file time's grain can hide a second write in the same tick: a file changed lately is read every time.
            boolean recent = modified.toInstant().isAfter(Instant.now().minusSeconds(2));
            if (recent || !modified.equals(seen)) {
                offset = read(file);
                seen = modified;
            }
        } catch (IOException missing) {
            offset = Duration.ZERO;
        }
        return offset;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        Clock self = this;
        return new Clock() {
            public ZoneId getZone() { return zone; }
            public Clock withZone(ZoneId other) { return self.withZone(other); }
            public Instant instant() { return self.instant(); }
        };
    }
}
