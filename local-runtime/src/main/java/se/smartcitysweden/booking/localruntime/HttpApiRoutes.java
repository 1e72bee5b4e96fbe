package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * The routes of the template's HTTP APIs: every {@code Type: HttpApi} event of every function,
 * with the CORS and throttling settings of the API it belongs to, matched as API Gateway does
 * (the most specific route wins: literal paths, then {@code {param}} paths, then greedy
 * {@code {proxy+}} paths, then {@code $default}; a named method before {@code ANY}).
 */
public final class HttpApiRoutes {
    /** The API that events without {@code ApiId} belong to, as SAM names it. */
    public static final String IMPLICIT_API = "ServerlessHttpApi";
    public static final String DEFAULT_ROUTE = "$default";

    /** An {@code AWS::Serverless::HttpApi} (or the implicit one): its CORS and default throttling. */
    public record Api(String logicalId, String apiId, Cors cors, TokenBucket.Limits throttling) { }

    public record Route(Api api, String method, String path, LocalFunction function, String eventName) {
        public String routeKey() { return path.equals(DEFAULT_ROUTE) ? DEFAULT_ROUTE : method + " " + path; }

        List<String> segments() { return segmentsOf(path); }

        boolean greedy() { return path.endsWith("+}"); }

        int literalSegments() {
            return (int) segments().stream().filter(segment -> !segment.startsWith("{")).count();
        }
    }

    public record Match(Route route, Map<String, String> pathParameters) { }

    private final List<Route> routes;
    private final Map<String, Api> apis;
    private final Map<Route, TokenBucket> throttles = new LinkedHashMap<>();

    HttpApiRoutes(List<Route> routes, Map<String, Api> apis) {
        this.routes = List.copyOf(routes);
        this.apis = Map.copyOf(apis);
        routes.forEach(route -> {
            if (route.api().throttling() != null) throttles.put(route, new TokenBucket(route.api().throttling()));
        });
    }

    public static HttpApiRoutes fromTemplate(CloudFormationTemplate template, FunctionRegistry functions,
                                             PrintStream console) {
        Map<String, Api> apis = new LinkedHashMap<>();
        for (String logicalId : template.resourcesOfType("AWS::Serverless::HttpApi")) {
            apis.put(logicalId, api(template, logicalId, template.properties(logicalId)));
        }
        List<Route> routes = new ArrayList<>();
        for (LocalFunction function : functions.all()) {
            function.events("HttpApi").forEach((eventName, event) -> {
                JsonNode properties = event.path("Properties");
                String version = properties.path("PayloadFormatVersion").asText("2.0");
                if (!version.equals("2.0")) {
                    console.println("Skipping " + function.logicalId() + "." + eventName + ": payload format "
                            + version + " is not served locally (only 2.0)");
                    return;
                }
                String apiLogicalId = properties.has("ApiId") ? apiReference(properties.get("ApiId")) : IMPLICIT_API;
                Api api = apis.computeIfAbsent(apiLogicalId, id -> api(template, id,
                        template.root().path("Globals").path("HttpApi")));
                String path = properties.has("Path") ? template.resolve(properties.get("Path")) : DEFAULT_ROUTE;
                String method = properties.has("Method")
                        ? template.resolve(properties.get("Method")).toUpperCase(Locale.ROOT) : "ANY";
                if (path.equals(DEFAULT_ROUTE)) method = "ANY";
                routes.add(new Route(api, method.equals("*") ? "ANY" : method, path, function, eventName));
            });
        }
        return new HttpApiRoutes(routes, apis);
    }

    public List<Route> routes() { return routes; }

    /** The route a request goes to, if any, with its path parameters (percent-decoded). */
    public Optional<Match> match(String method, String rawPath) {
        List<String> requested = segmentsOf(rawPath);
        return routes.stream()
                .filter(route -> route.method().equals("ANY") || route.method().equals(method))
                .map(route -> {
                    Map<String, String> parameters = parametersOf(route, requested);
                    return parameters == null ? null : new Match(route, parameters);
                })
                .filter(java.util.Objects::nonNull)
                .min(Comparator.comparing(Match::route, SPECIFICITY));
    }

    /** The API whose routes include this path with any method (for CORS preflights), else the first API. */
    public Optional<Api> apiFor(String rawPath) {
        List<String> requested = segmentsOf(rawPath);
        return routes.stream().filter(route -> parametersOf(route, requested) != null)
                .min(SPECIFICITY).map(Route::api)
                .or(() -> apis.values().stream().filter(api -> api.cors() != null).findFirst());
    }

    /** False when the route's API throttling refuses the request (API Gateway answers 429). */
    boolean admit(Route route) {
        TokenBucket bucket = throttles.get(route);
        return bucket == null || bucket.tryAcquire();
    }

    private static final Comparator<Route> SPECIFICITY = Comparator
            .comparing((Route route) -> route.path().equals(DEFAULT_ROUTE))
            .thenComparing(Route::greedy)
            .thenComparing(Comparator.comparingInt(Route::literalSegments).reversed())
            .thenComparing(Comparator.comparingInt((Route route) -> route.segments().size()).reversed())
            .thenComparing(route -> route.method().equals("ANY"));

    /** Path parameters when the route matches the path, else null. */
    private static Map<String, String> parametersOf(Route route, List<String> requested) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (route.path().equals(DEFAULT_ROUTE)) return parameters;
        List<String> template = route.segments();
        for (int i = 0; i < template.size(); i++) {
            String segment = template.get(i);
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i != template.size() - 1 || requested.size() <= i) return null;
                String rest = String.join("/", requested.subList(i, requested.size()));
                if (rest.isEmpty()) return null;
                parameters.put(segment.substring(1, segment.length() - 2), decode(rest));
                return parameters;
            }
            if (i >= requested.size()) return null;
            String value = decode(requested.get(i));
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (value.isEmpty()) return null;
                parameters.put(segment.substring(1, segment.length() - 1), value);
            } else if (!segment.equals(value)) {
                return null;
            }
        }
        return template.size() == requested.size() ? parameters : null;
    }

    static List<String> segmentsOf(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) return List.of();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return Arrays.asList(trimmed.split("/", -1));
    }

    static String decode(String text) {
        try {
            // Path segments: '+' is a plus sign, not a space.
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    private static String apiReference(JsonNode apiId) {
        if (apiId.has("Ref")) return apiId.get("Ref").asText();
        return apiId.asText();
    }

    private static Api api(CloudFormationTemplate template, String logicalId, JsonNode properties) {
        // API Gateway ids are 10 lower-case characters; a stable one per API.
        String apiId = String.format("%010x", Math.abs((long) logicalId.hashCode()));
        JsonNode cors = properties.path("CorsConfiguration");
        JsonNode route = properties.path("DefaultRouteSettings");
        TokenBucket.Limits throttling = route.has("ThrottlingRateLimit") || route.has("ThrottlingBurstLimit")
                ? new TokenBucket.Limits(
                        Double.parseDouble(route.has("ThrottlingRateLimit") ? template.resolve(route.get("ThrottlingRateLimit")) : "10000"),
                        Integer.parseInt(route.has("ThrottlingBurstLimit") ? template.resolve(route.get("ThrottlingBurstLimit")) : "5000"))
                : null;
        return new Api(logicalId, apiId, cors.isMissingNode() ? null : Cors.fromTemplate(template, cors), throttling);
    }
}
