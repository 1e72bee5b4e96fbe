package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockPageTest {
    @Test
    void givenATimeAsked_whenSet_thenTheSimulatedClockShowsItAndResetGivesTheRealTimeBack(@TempDir Path folder) throws Exception {
        ClockPage page = new ClockPage(folder.resolve("clock.txt"));
        page.set(Map.of("at", "2031-05-06T07:00"));
        Instant target = LocalDateTime.parse("2031-05-06T07:00").atZone(ClockPage.SWEDEN).toInstant();
        Instant shown = page.clock().instant();
        assertTrue(!shown.isBefore(target) && shown.isBefore(target.plusSeconds(5)), shown + " for " + target);
        assertTrue(page.now().startsWith("Tuesday 6 May 2031, 07:00"), page.now());
        page.set(Map.of("days", "1"));
        Thread.sleep(10);
        assertTrue(page.now().startsWith("Wednesday 7 May 2031, 07:00"), page.now());
        page.set(Map.of("at", "2031-05-08"));
        assertTrue(page.now().startsWith("Thursday 8 May 2031, 09:00"), page.now());
        page.set(Map.of("reset", "1"));
        assertTrue(Duration.between(Instant.now(), page.clock().instant()).abs().toSeconds() < 2);
        assertTrue(page.control("/_local/mail").contains("the real time"));
    }
}
