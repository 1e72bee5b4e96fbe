package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * Every function's deployment jar, as `sam build` takes it (the Makefile's build targets), holds
 * no library code the function never runs: every class left out is cold-start time and size
 * saved (BENCHMARKS.md). The trimming lives once, in the root POM, so a new function gets it too.
 */
class DeploymentJarsIT {
    /** Functions whose handlers read their events themselves, so Lambda's serializer and Joda-Time stay out. */
    private static final List<String> WITHOUT_JODA = List.of("submit-booking", "notify-coordinator", "mail-events",
            "manage-booking", "console", "overview-rows");

    private static Map<String, List<String>> jars() throws IOException {
        Path root = CloudFormationTemplate.locate().getParent();
        Matcher module = Pattern.compile("(?m)^FUNCTION_MODULE_\\w+\\s*=\\s*(\\S+)\\s*$")
                .matcher(Files.readString(root.resolve("Makefile")));
        Map<String, List<String>> jars = new LinkedHashMap<>();
        while (module.find()) {
            String name = module.group(1);
            Path jar = root.resolve("functions").resolve(name).resolve("target").resolve(name + "-lambda.jar");
            assertTrue(Files.isRegularFile(jar), jar + " is not built");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                jars.put(name, zip.stream().map(ZipEntry::getName).toList());
            }
        }
        assertTrue(jars.size() >= 6, "the Makefile names every function: " + jars.keySet());
        return jars;
    }

    @Test
    void everyJar_readsOnlySwedishHolidays_withTheJdksStaxParser() throws IOException {
        jars().forEach((name, entries) -> {
            List<String> holidayFiles = entries.stream().filter(e -> e.startsWith("holidays/") && e.endsWith(".xml")).toList();
            if (!holidayFiles.isEmpty()) assertEquals(List.of("holidays/Holidays_se.xml"), holidayFiles, name);
            assertFalse(entries.stream().anyMatch(e -> e.startsWith("com/ctc/wstx/")), name + ": Woodstox is in the jar");
        });
    }

    @Test
    void everyJar_buildsMimeOnly_withoutImapPop3OrSmtp() throws IOException {
        jars().forEach((name, entries) -> {
            for (String left : List.of("org/eclipse/angus/mail/imap/", "org/eclipse/angus/mail/pop3/",
                    "org/eclipse/angus/mail/smtp/", "META-INF/services/jakarta.mail.Provider")) {
                assertFalse(entries.stream().anyMatch(e -> e.startsWith(left)), name + ": " + left + " is in the jar");
            }
            if (entries.stream().anyMatch(e -> e.startsWith("org/eclipse/angus/mail/"))) {
                assertTrue(entries.contains("org/eclipse/angus/mail/handlers/multipart_mixed.class"), name + ": MIME handlers missing");
            }
        });
    }

    @Test
    void theStreamHandlersJars_haveNoJodaTime() throws IOException {
        Map<String, List<String>> jars = jars();
        for (String name : WITHOUT_JODA) {
            assertFalse(jars.get(name).stream().anyMatch(e -> e.startsWith("org/joda/")), name + ": Joda-Time is in the jar");
        }
    }
}
