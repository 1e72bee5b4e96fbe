package se.smartcitysweden.booking.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.observability.Log;

/**
 * A function's routes: {@code get("/bookings/{id}/visit", visitorPage::show)}. A path no route has is 404, a
 * method its route does not take is 405 with {@code Allow}, and whatever fails is 503 with {@code Retry-After}
 * and one log line with its cause (never a 500); the function says each in its own words ({@link Refusals}).
 * A path may carry a prefix (a base path or stage), and a {@code {name}} is 1 to 64 letters, digits, '-' or '_'.
 */
public final class Routes {
    /** How long a client waits before it asks again after a 503. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** What no route answers, with its status and the code a JSON answer gives. */
    public enum Refusal {
        NOT_FOUND(404, "not_found"), METHOD_NOT_ALLOWED(405, "method_not_allowed"), UNAVAILABLE(503, "unavailable");

        public final int status;
        public final String code;

        Refusal(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    /** A function's page (or JSON) for a refusal. */
    public interface Refusals {
        HttpAnswer answer(HttpRequest request, Refusal refusal);
    }

    private record Route(String method, Pattern path, List<String> names, Function<HttpRequest, HttpAnswer> page) { }

    private static final Pattern NAME = Pattern.compile("\\{([A-Za-z]+)}");
    private final String function;
    private final Refusals refusals;
    private final List<Route> routes = new ArrayList<>();

    /** @param function names the log line of a failure ({@code <function>.failed}) */
    public Routes(String function, Refusals refusals) {
        this.function = function;
        this.refusals = refusals;
    }

    public Routes get(String path, Function<HttpRequest, HttpAnswer> page) {
        return add("GET", path, page);
    }

    public Routes post(String path, Function<HttpRequest, HttpAnswer> page) {
        return add("POST", path, page);
    }

    /** Every method and path: for a function that API Gateway sends one route only (and tests, events without one). */
    public Routes any(Function<HttpRequest, HttpAnswer> page) {
        routes.add(new Route("", Pattern.compile(".*", Pattern.DOTALL), List.of(), page));
        return this;
    }

    private Routes add(String method, String path, Function<HttpRequest, HttpAnswer> page) {
        List<String> names = new ArrayList<>();
        Matcher name = NAME.matcher(path);
        StringBuilder regex = new StringBuilder("(?:/.*)?");
        int at = 0;
        while (name.find()) {
            regex.append(Pattern.quote(path.substring(at, name.start()))).append("([A-Za-z0-9_-]{1,64})");
            names.add(name.group(1));
            at = name.end();
        }
        regex.append(Pattern.quote(path.substring(at))).append("/?");
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, page));
        return this;
    }

    public HttpAnswer answer(HttpRequest request) {
        try {
            List<String> allowed = new ArrayList<>();
            for (Route route : routes) {
                Matcher path = route.path().matcher(request.path());
                if (!path.matches()) continue;
                if (!route.method().isEmpty() && !route.method().equals(request.method())) {
                    allowed.add(route.method());
                    continue;
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) parameters.put(route.names().get(i), path.group(i + 1));
                return route.page().apply(request.withPathParameters(parameters));
            }
            if (allowed.isEmpty()) return refusals.answer(request, Refusal.NOT_FOUND);
            return refusals.answer(request, Refusal.METHOD_NOT_ALLOWED)
                    .withHeader("Allow", allowed.stream().distinct().collect(Collectors.joining(", ")));
        } catch (RuntimeException | LinkageError e) {
            // Never a 500: the cause's class in the log (no personal data, no token), and the client asked to retry.
            Log.error(function + ".failed").field("status", 503).field("code", Refusal.UNAVAILABLE.code).error(e).write();
            return refusals.answer(request, Refusal.UNAVAILABLE).withHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
    }
}
