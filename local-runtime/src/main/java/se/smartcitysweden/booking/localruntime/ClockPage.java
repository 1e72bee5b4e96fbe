package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import se.smartcitysweden.booking.aws.lambda.FunctionClock;
import se.smartcitysweden.booking.web.Form;

/**
 * {@code /_local/clock}: the local runtime's simulated time, which every function, the schedules, the SES event
 * destination and the mailbox read (FunctionClock, through the file in LOCAL_CLOCK_FILE). {@code GET} shows it (JSON
 * for {@code Accept: application/json}); {@code POST} with {@code at} (a date, or a date and time in Swedish time, or
 * an instant with its offset), {@code days} (move by whole days) or {@code reset} sets it and answers 303 back to the
 * page it came from. The real clock never changes: only the offset the file holds.
 */
final class ClockPage implements HttpHandler {
    static final String PATH = "/_local/clock";
    static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);
    private final Path file;
    private final java.time.Clock clock;

    ClockPage(Path file) {
        this.file = file;
        this.clock = FunctionClock.of(Map.of(FunctionClock.VARIABLE, file.toString()));
    }

    java.time.Clock clock() {
        return clock;
    }

    /** The simulated time in words, and how far it is from the real one ("" when it is the real time). */
    String now() {
        return ZonedDateTime.ofInstant(clock.instant(), SWEDEN).format(SHOWN) + " (Swedish time)";
    }

    String offsetWords() {
        Duration offset = FunctionClock.read(file);
        if (offset.isZero()) return "the real time";
        long hours = offset.toHours();
        return (offset.isNegative() ? "" : "+") + (hours % 24 == 0 ? hours / 24 + " days" : hours + " hours") + " from the real time";
    }

    /** The small form the mailbox shows under its heading. */
    String control(String back) {
        return "<form class=\"clock\" method=\"post\" action=\"" + PATH + "\"><input type=\"hidden\" name=\"back\" value=\""
                + Html.escape(back) + "\">Simulated time: <strong>" + Html.escape(now()) + "</strong> (" + Html.escape(offsetWords())
                + ") <label>Set to <input type=\"datetime-local\" name=\"at\" value=\""
                + ZonedDateTime.ofInstant(clock.instant(), SWEDEN).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES) + "\"></label> "
                + "<button>Set</button> <button name=\"days\" value=\"1\">+1 day</button> <button name=\"days\" value=\"7\">+7 days</button> "
                + "<button name=\"reset\" value=\"1\">Real time</button> <a href=\"" + PATH + "\">clock</a></form>";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = HttpExchanges.method(exchange);
            if (method.equals("POST")) {
                Map<String, String> form = Form.parse(new String(HttpExchanges.readBody(exchange, 4096), StandardCharsets.UTF_8)).values();
                try {
                    set(form);
                } catch (DateTimeParseException | NumberFormatException e) {
                    Html.send(exchange, 400, Html.page("Clock", "<main><h1>Not a time</h1><p>" + Html.escape(e.getMessage())
                            + "</p><p><a href=\"" + PATH + "\">Back</a></p></main>"));
                    return;
                }
                String back = form.getOrDefault("back", PATH);
                exchange.getResponseHeaders().set("Location", back.startsWith("/_local/") ? back : PATH);
                HttpExchanges.send(exchange, 303, new byte[0]);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD, POST");
                Html.send(exchange, 405, Html.page("Method not allowed", "<main><p>GET or POST here.</p></main>"));
                return;
            }
            String accept = HttpExchanges.header(exchange, "Accept");
            if (accept != null && accept.contains("application/json")) {
                HttpExchanges.sendJson(exchange, 200, ("{\"now\":\"" + clock.instant() + "\",\"offset\":\"" + FunctionClock.read(file)
                        + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            Html.send(exchange, 200, Html.page("Local clock", "<header><h1>Local clock</h1><p>Every function, the schedules "
                    + "and the mailbox run at this time. Set it to play a visit at simulated dates: book, confirm, "
                    + "mark as done, see the thank-you and the surveys come. <a href=\"/_local/mail\">Mailbox</a></p></header><main>"
                    + control(PATH) + "</main>"));
        }
    }

    /** Sets the offset from a posted form; a date alone means nine in the morning, Swedish time. */
    void set(Map<String, String> form) throws IOException {
        Duration offset;
        if (form.containsKey("reset")) {
            offset = Duration.ZERO;
        } else if (form.containsKey("days")) {
            offset = FunctionClock.read(file).plusDays(Long.parseLong(form.get("days").strip()));
        } else {
            offset = Duration.between(Instant.now(), parse(form.getOrDefault("at", "")));
        }
        // Whole seconds, rounded up: the simulated time is never a moment before the one asked for.
        Duration whole = offset.truncatedTo(ChronoUnit.SECONDS);
        FunctionClock.write(file, whole.compareTo(offset) < 0 ? whole.plusSeconds(1) : whole);
    }

    static Instant parse(String text) {
        String value = text.strip();
        if (value.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(value).atTime(9, 0).atZone(SWEDEN).toInstant();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(value).atZone(SWEDEN).toInstant();
        }
    }
}
