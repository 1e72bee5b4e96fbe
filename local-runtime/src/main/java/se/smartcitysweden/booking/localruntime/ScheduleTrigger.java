package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The schedules at {@code /_local/schedule}:
 *
 * <ul>
 *   <li>{@code GET /_local/schedule}: every schedule of the template and its next fire time (JSON);</li>
 *   <li>{@code POST /_local/schedule/<LogicalId>?at=2027-03-01T07:00:00%2B01:00}: fires the (first)
 *       schedule of that function (or the one {@code <LogicalId>.<EventName>} or the event's name names) now, as if it were
 *       {@code at} (default: now), with retries and dead-lettering as the schedule says, and answers
 *       with what happened (200 when the function succeeded, 502 when it still failed). {@code at}
 *       is ISO-8601 with an offset or {@code Z}, or a wall-clock time in the schedule's zone.</li>
 * </ul>
 */
final class ScheduleTrigger implements HttpHandler {
    static final String PATH = "/_local/schedule";

    private final List<ScheduleEventSource> schedules;
    private final Clock clock;

    ScheduleTrigger(List<ScheduleEventSource> schedules, Clock clock) {
        this.schedules = schedules;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = HttpExchanges.method(exchange);
            String path = exchange.getRequestURI().getRawPath();
            String name = path.length() > PATH.length() + 1 ? HttpApiRoutes.decode(path.substring(PATH.length() + 1)) : "";
            if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
            if (name.isEmpty()) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    error(exchange, 405, "GET lists the schedules; POST " + PATH + "/<LogicalId>?at=<time> fires one");
                    return;
                }
                HttpExchanges.sendJson(exchange, 200, Json.bytes(list()));
                return;
            }
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                error(exchange, 405, "POST " + PATH + "/" + name + "?at=2027-03-01T07:00:00%2B01:00 fires the schedule");
                return;
            }
            String wanted = name;
            // LogicalId.EventName or EventName names one; a function's LogicalId its first schedule.
            List<ScheduleEventSource> found = schedules.stream().filter(s ->
                    (s.function().logicalId() + "." + s.settings().eventName()).equals(wanted)
                    || s.settings().eventName().equals(wanted)).toList();
            if (found.isEmpty()) {
                found = schedules.stream().filter(s -> s.function().logicalId().equals(wanted)).limit(1).toList();
            }
            if (found.isEmpty()) {
                error(exchange, 404, "no schedule " + name + "; there are: " + names());
                return;
            }
            if (found.size() > 1) {
                error(exchange, 409, name + " names several schedules; name one of: " + names());
                return;
            }
            ScheduleEventSource schedule = found.get(0);
            String at = Optional.ofNullable(exchange.getRequestURI().getRawQuery())
                    .map(HttpApiEvents::queryParameters).map(query -> query.get("at")).orElse(null);
            Instant time;
            try {
                time = at == null || at.isBlank() ? clock.instant() : parseTime(at, schedule.settings().zone());
            } catch (DateTimeException e) {
                error(exchange, 400, "at=" + at + " is not a time such as 2027-03-01T07:00:00+01:00 (encode + as %2B), "
                        + "2027-03-01T06:00:00Z or 2027-03-01T07:00:00 (in " + schedule.settings().zone() + ")");
                return;
            }
            HttpExchanges.readBody(exchange, 1024);
            ScheduleEventSource.Firing firing = schedule.fire(time, "triggered at " + PATH);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("schedule", firing.scheduleName());
            answer.put("scheduledTime", firing.scheduledTime().toString());
            answer.put("executionId", firing.executionId());
            answer.put("attempts", firing.attempts());
            answer.put("succeeded", firing.succeeded());
            answer.put("deadLettered", firing.deadLettered());
            answer.set("input", parseOrText(firing.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (firing.result() != null) {
                answer.put("requestId", firing.result().requestId());
                if (firing.result().failed()) answer.put("functionError", firing.result().functionError());
                answer.set("result", parseOrText(firing.result().payload()));
            }
            HttpExchanges.sendJson(exchange, firing.succeeded() ? 200 : 502, Json.bytes(answer));
        } finally {
            exchange.close();
        }
    }

    /** ISO-8601 with an offset, an instant, or a wall-clock time in the schedule's zone ("+" may have become " "). */
    static Instant parseTime(String text, ZoneId zone) {
        String value = text.strip().replace(' ', '+');
        if (value.length() > 10 && value.charAt(10) == '+') value = value.substring(0, 10) + 'T' + value.substring(11);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notOffset) {
            try {
                return Instant.parse(value);
            } catch (DateTimeException notInstant) {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            }
        }
    }

    private ObjectNode list() {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("schedules");
        for (ScheduleEventSource schedule : schedules) {
            ObjectNode item = list.addObject();
            item.put("function", schedule.function().logicalId());
            item.put("event", schedule.settings().eventName());
            item.put("expression", schedule.settings().expression().text());
            item.put("timezone", schedule.settings().zone().getId());
            item.put("input", schedule.settings().input());
            item.put("enabled", schedule.settings().enabled());
            item.put("firesOnItsOwn", schedule.nextFire().isPresent());
            schedule.nextTime().ifPresentOrElse(next -> item.put("nextTime", next.toString()), () -> item.putNull("nextTime"));
            item.put("trigger", "POST " + PATH + "/" + schedule.function().logicalId() + "."
                    + schedule.settings().eventName() + "?at=<ISO-8601 time>");
        }
        return answer;
    }

    private String names() {
        return String.join(", ", schedules.stream().map(s -> s.function().logicalId() + "." + s.settings().eventName()).toList());
    }

    private static JsonNode parseOrText(byte[] payload) {
        try {
            JsonNode node = Json.parse(payload);
            return node == null ? Json.MAPPER.nullNode() : node;
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        HttpExchanges.sendJson(exchange, status, Json.bytes(Json.MAPPER.createObjectNode().put("message", message)));
    }

}
