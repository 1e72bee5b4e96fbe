package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * An HTTP API's {@code CorsConfiguration}, applied as API Gateway applies it: preflight
 * {@code OPTIONS} requests are answered by the API itself (204, whatever the routes), and the
 * {@code Access-Control-*} headers of other answers are the API's, not the function's.
 */
public record Cors(Set<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                   List<String> exposeHeaders, Integer maxAge, boolean allowCredentials) {

    static Cors fromTemplate(CloudFormationTemplate template, JsonNode configurationOrIf) {
        JsonNode configuration = template.chosen(configurationOrIf);
        if (configuration.isBoolean() || configuration.isTextual()) {
            return Boolean.parseBoolean(template.resolve(configuration))
                    ? new Cors(Set.of("*"), List.of("*"), List.of("*"), List.of(), null, false) : null;
        }
        return new Cors(new LinkedHashSet<>(list(template, configuration.path("AllowOrigins"))),
                list(template, configuration.path("AllowMethods")),
                list(template, configuration.path("AllowHeaders")),
                list(template, configuration.path("ExposeHeaders")),
                configuration.has("MaxAge") ? Integer.valueOf(template.resolve(configuration.get("MaxAge"))) : null,
                configuration.has("AllowCredentials") && Boolean.parseBoolean(template.resolve(configuration.get("AllowCredentials"))));
    }

    /** The same configuration with more allowed origins (the local runtime's own pages). */
    Cors withOrigins(Set<String> extra) {
        Set<String> origins = new LinkedHashSet<>(allowOrigins);
        origins.addAll(extra);
        return new Cors(origins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials);
    }

    boolean allows(String origin) {
        return origin != null && (allowOrigins.contains("*") || allowOrigins.contains(origin));
    }

    /** The answer headers of a preflight request (no CORS headers at all for an origin not allowed). */
    void preflight(String origin, Headers response) {
        if (!allows(origin)) return;
        allowOrigin(origin, response);
        response.set("Access-Control-Allow-Methods", String.join(",", allowMethods.isEmpty() ? List.of("*") : allowMethods));
        if (!allowHeaders.isEmpty()) response.set("Access-Control-Allow-Headers", String.join(",", allowHeaders));
        if (maxAge != null) response.set("Access-Control-Max-Age", maxAge.toString());
    }

    /** The CORS headers of an ordinary answer; the function's own Access-Control-* headers are replaced. */
    void apply(String origin, Headers response) {
        response.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
        if (!allows(origin)) return;
        allowOrigin(origin, response);
        if (!exposeHeaders.isEmpty()) response.set("Access-Control-Expose-Headers", String.join(",", exposeHeaders));
    }

    private void allowOrigin(String origin, Headers response) {
        boolean wildcard = allowOrigins.contains("*") && !allowCredentials;
        response.set("Access-Control-Allow-Origin", wildcard ? "*" : origin);
        if (allowCredentials) response.set("Access-Control-Allow-Credentials", "true");
        if (!wildcard) response.add("Vary", "Origin");
    }

    private static List<String> list(CloudFormationTemplate template, JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) return values;
        if (node.isArray()) {
            node.forEach(item -> addSplit(values, template.resolve(item)));
        } else {
            addSplit(values, template.resolve(node));
        }
        return values;
    }

    private static void addSplit(List<String> values, String text) {
        for (String part : text.split(",")) {
            if (!part.isBlank()) values.add(part.strip());
        }
    }
}
