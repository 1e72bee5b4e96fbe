package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.validation.FormRules;

/**
 * {@code GET /booking-rules.json}: the built rules file of {@code web/} with each node's minimum notice from
 * the runtime's CoordinatorDirectory parameter, as scripts/deploy-form.sh writes it for a stack: the form
 * then checks the same days as the submit function it talks to.
 */
final class FormRulesFile implements HttpHandler {
    static final String PATH = "/booking-rules.json";
    private final Path file;
    private final String directory;

    FormRulesFile(Path webRoot, String directory) {
        this.file = webRoot.resolve("booking-rules.json");
        this.directory = directory;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!Files.isRegularFile(file)) {
                HttpExchanges.send(exchange, 404, "web/booking-rules.json is not built (mvn install -pl shared)".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ObjectNode rules = (ObjectNode) Json.parse(Files.readAllBytes(file));
            HttpExchanges.sendJson(exchange, 200, Json.write(FormRules.withMinimumNotice(rules, notice(directory)))
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Each node's minimum notice in the directory (none for an empty or unreadable one). */
    static Map<Node, Integer> notice(String directory) {
        Map<Node, Integer> notice = new EnumMap<>(Node.class);
        if (directory == null || directory.isBlank()) return notice;
        CoordinatorDirectory parsed = CoordinatorDirectory.parse(directory);
        for (Node node : Node.values()) notice.put(node, parsed.visitDefaults(node).minimumNoticeDays());
        return notice;
    }
}
