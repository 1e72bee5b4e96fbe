package se.smartcitysweden.booking.mailevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment jar (built by the package phase, before the ITs) holds no library code the
 * function never runs: every class left out is cold-start time and size saved (BENCHMARKS.md).
 */
class DeploymentJarIT {
    private static List<String> entries() throws IOException {
        Path jar = Path.of("target/mail-events-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is not built");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void theJar_readsSwedishHolidaysWithTheJdksStaxParser_andHasNoOtherCountrysFile() throws IOException {
        List<String> entries = entries();
        assertEquals(List.of("holidays/Holidays_se.xml"),
                entries.stream().filter(e -> e.startsWith("holidays/") && e.endsWith(".xml")).toList());
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("com/ctc/wstx/")), "Woodstox is in the jar");
    }

    @Test
    void theJar_buildsMimeOnly_withoutImapPop3OrSmtp() throws IOException {
        List<String> entries = entries();
        for (String left : List.of("org/eclipse/angus/mail/imap/", "org/eclipse/angus/mail/pop3/",
                "org/eclipse/angus/mail/smtp/", "META-INF/services/jakarta.mail.Provider")) {
            assertTrue(entries.stream().noneMatch(e -> e.startsWith(left)), left + " is in the jar");
        }
        assertTrue(entries.contains("org/eclipse/angus/mail/handlers/multipart_mixed.class"), "MIME handlers are missing");
    }
}
