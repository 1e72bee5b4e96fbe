package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Each check names the jars it holds for, so none passes for want of a jar to check.
 */
class DeploymentJarsIT {
    /** The functions that send e-mail (MIME built with Jakarta Mail, sent through SES). */
    private static final List<String> MAIL_SENDERS = List.of("notify-coordinator", "manage-booking", "follow-up",
            "mail-events", "console");
    private static final String HOLIDAYS = "se/smartcitysweden/booking/domain/holidays-se.txt";

    /** A function of the template: its handler class, and the entries of the jar its Makefile target builds. */
    private record Function(String logicalId, String handler, List<String> entries) { }

    /** Every function of template.yaml by the module the Makefile builds its jar in (FUNCTION_MODULE_<LogicalId>). */
    private static Map<String, Function> jars() throws IOException {
        Path template = CloudFormationTemplate.locate();
        Path root = template.getParent();
        CloudFormationTemplate functions = CloudFormationTemplate.load(template, "jars", "eu-north-1", "http://127.0.0.1:1", Map.of());
        Map<String, String> moduleOf = new TreeMap<>();
        Matcher module = Pattern.compile("(?m)^FUNCTION_MODULE_(\\w+)\\s*=\\s*(\\S+)\\s*$")
                .matcher(Files.readString(root.resolve("Makefile")));
        while (module.find()) moduleOf.put(module.group(1), module.group(2));
        assertEquals(new java.util.TreeSet<>(functions.resourcesOfType("AWS::Serverless::Function")), moduleOf.keySet(),
                "the Makefile builds a jar for every function of the template, and for no other");

        Map<String, Function> jars = new TreeMap<>();
        for (Map.Entry<String, String> function : moduleOf.entrySet()) {
            String name = function.getValue();
            Path jar = root.resolve("functions").resolve(name).resolve("target").resolve(name + "-lambda.jar");
            assertTrue(Files.isRegularFile(jar), jar + " is not built");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                jars.put(name, new Function(function.getKey(),
                        functions.properties(function.getKey()).path("Handler").asText().split("::")[0],
                        zip.stream().map(ZipEntry::getName).toList()));
            }
        }
        assertTrue(jars.keySet().containsAll(MAIL_SENDERS), "the functions that send mail are all built: " + jars.keySet());
        return jars;
    }

    @Test
    void everyJar_readsSwedensHolidaysFromItsOwnFile_withNeitherJollydayNorAnXmlParser() throws IOException {
        jars().forEach((name, function) -> {
            assertTrue(function.entries().contains(HOLIDAYS), name + ": " + HOLIDAYS + " is missing");
            assertEquals(List.of(), function.entries().stream().filter(e -> e.startsWith("holidays/")
                    || e.startsWith("de/focus_shift/") || e.startsWith("com/ctc/wstx/")
                    || e.startsWith("com/fasterxml/jackson/dataformat/xml/")).toList(),
                    name + ": holiday files of other countries, Jollyday, Woodstox or Jackson's XML in the jar");
        });
    }

    @Test
    void theMailSendersJars_buildMimeOnly_withoutImapPop3OrSmtp_andTheOthersCarryNoMailLibrary() throws IOException {
        jars().forEach((name, function) -> {
            List<String> entries = function.entries();
            if (MAIL_SENDERS.contains(name)) {
                assertTrue(entries.contains("org/eclipse/angus/mail/handlers/multipart_mixed.class"), name + ": MIME handlers missing");
                for (String left : List.of("org/eclipse/angus/mail/imap/", "org/eclipse/angus/mail/pop3/",
                        "org/eclipse/angus/mail/smtp/", "META-INF/services/jakarta.mail.Provider")) {
                    assertFalse(entries.stream().anyMatch(e -> e.startsWith(left)), name + ": " + left + " is in the jar");
                }
            } else {
                assertFalse(entries.stream().anyMatch(e -> e.startsWith("org/eclipse/angus/") || e.startsWith("jakarta/mail/")),
                        name + " sends no mail, yet carries Jakarta Mail");
            }
        });
    }

    /**
     * Lambda's event serializer is the one user of Joda-Time, and a handler that reads its own input
     * (a {@link RequestStreamHandler}) never sets it up: so no jar carries Joda-Time (-600 KB each).
     */
    @Test
    void everyHandlerReadsItsOwnInput_soNoJarCarriesJodaTime() throws Exception {
        for (Map.Entry<String, Function> jar : jars().entrySet()) {
            Class<?> handler = Class.forName(jar.getValue().handler());
            assertTrue(RequestStreamHandler.class.isAssignableFrom(handler),
                    jar.getKey() + ": " + handler.getName() + " is not a RequestStreamHandler, so Lambda's serializer needs Joda-Time");
            assertFalse(jar.getValue().entries().stream().anyMatch(e -> e.startsWith("org/joda/")), jar.getKey() + ": Joda-Time is in the jar");
        }
    }
}
