package se.smartcitysweden.booking.aws.lambda;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionClockTest {
    @Test
    void givenNoClockFile_whenBuilt_thenItIsTheSystemsClock() {
        assertEquals(Clock.systemUTC(), FunctionClock.of(Map.of()));
    }

    @Test
    void givenTheLocalRuntimesFile_whenItsOffsetChanges_thenEveryReadFollowsIt(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("clock.txt");
        FunctionClock.write(file, Duration.ZERO);
        Clock clock = FunctionClock.of(Map.of(FunctionClock.VARIABLE, file.toString()));
        assertTrue(Duration.between(Instant.now(), clock.instant()).abs().toSeconds() < 5);
        FunctionClock.write(file, Duration.ofDays(30));
        // A file time has a coarse grain on some file systems: a second write a moment later is still seen.
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(2)));
        assertEquals(30, Duration.between(Instant.now(), clock.instant()).plusMinutes(1).toDays());
        FunctionClock.write(file, Duration.ofDays(-2));
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(4)));
        assertEquals(-2, Duration.between(Instant.now(), clock.instant()).minusMinutes(1).toDays());
        java.nio.file.Files.delete(file);
        assertTrue(Duration.between(Instant.now(), clock.instant()).abs().toSeconds() < 5, "no file: the real time");
    }
}
