package se.smartcitysweden.booking.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import se.smartcitysweden.booking.json.Json;

/**
 * What code writes to standard output while a test runs it: the log lines and the CloudWatch
 * metric lines (EMF), as CloudWatch Logs would receive them. Still echoed to the real output.
 */
public final class StandardOutput {
    private final List<String> lines;

    private StandardOutput(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    public interface Action {
        void run() throws Exception;
    }

    public static StandardOutput during(Action action) throws Exception {
        return capture(() -> {
            action.run();
            return null;
        }).output();
    }

    public record Captured<T>(T value, StandardOutput output) { }

    public static synchronized <T> Captured<T> capture(Callable<T> action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }
        };
        System.setOut(new PrintStream(both, true, StandardCharsets.UTF_8));
        T value;
        try {
            value = action.call();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return new Captured<>(value, new StandardOutput(copy.toString(StandardCharsets.UTF_8).lines().toList()));
    }

    public List<String> lines() {
        return lines;
    }

    /** The JSON lines among the output (log and metric lines). */
    public List<JsonNode> json() {
        List<JsonNode> json = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("{")) continue;
            try {
                json.add(Json.parse(line));
            } catch (RuntimeException notJson) {
                // another line that happens to start with a brace
            }
        }
        return json;
    }

    /** The metric lines (CloudWatch EMF) for one metric name. */
    public List<JsonNode> metric(String name) {
        return json().stream().filter(line -> line.has("_aws") && line.has(name)).toList();
    }

    /** The structured log lines of one event. */
    public List<JsonNode> events(String event) {
        return json().stream().filter(line -> event.equals(line.path("event").asText())).toList();
    }
}
