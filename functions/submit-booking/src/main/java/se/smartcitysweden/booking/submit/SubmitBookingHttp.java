package se.smartcitysweden.booking.submit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.http.FormBody;
import se.smartcitysweden.booking.http.HtmlHeaders;
import se.smartcitysweden.booking.http.HttpBodies;
import se.smartcitysweden.booking.intake.SubmitBookingCommand;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.intake.SubmitOutcome;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;

/**
 * Turns an HTTP API event into a submission and its outcome into an HTTP answer. Every answer
 * other than 201 is one log line ({@code submit.refused} or {@code submit.failed}) with its
 * code, and a metric; no value the visitor sent reaches a log.
 */
final class SubmitBookingHttp {
    static final String RETRY_AFTER_SECONDS = "5";
    private static final int MAX_KEY_LENGTH = 255;

    private final SubmitBookingService service;

    SubmitBookingHttp(SubmitBookingService service) {
        this.service = service;
    }

    /** What an answer needs to know of its request. */
    private record Request(boolean html, String formPage, Language language, Optional<String> key,
                           List<Map.Entry<String, String>> formFields) {
        Request in(Language other) {
            return new Request(html, formPage, other, key, formFields);
        }
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = lowerCased(event.getHeaders());
        // A form posted without JavaScript gets an HTML page; scripts get JSON.
        Request request = new Request(HttpBodies.prefersHtml(headers.get("accept")), headers.get("referer"),
                HttpBodies.languageOf(headers.get("accept-language")),
                Optional.ofNullable(headers.get("idempotency-key")), List.of());
        boolean submitting = false;
        try {
            HttpBodies.MediaType mediaType = HttpBodies.mediaType(headers.get("content-type"));
            if (mediaType == HttpBodies.MediaType.OTHER) return refuse(request, 415, "", "unsupported_media_type");
            Optional<byte[]> raw = HttpBodies.bytes(event.getBody(), event.getIsBase64Encoded());
            if (raw.isEmpty()) return refuse(request, 400, "", "invalid_encoding");
            if (raw.get().length > BookingRules.MAX_BODY_BYTES) {
                return refuse(request, 413, "", "too_large", BookingRules.MAX_BODY_BYTES / 1024);
            }
            Optional<String> text = HttpBodies.utf8(raw.get());
            if (text.isEmpty()) return refuse(request, 400, "", "invalid_encoding");
            JsonNode body;
            String bodyHash;
            if (mediaType == HttpBodies.MediaType.FORM) {
                FormBody.Parsed form = FormBody.parse(text.get());
                ObjectNode tree = form.tree();
                Language language = tree.has("language") ? BookingRequestParser.languageOf(tree) : request.language();
                if (!form.malformed().isEmpty()) {
                    Messages messages = Messages.of(language);
                    return refuse(request.in(language), 400, form.malformed().stream()
                            .map(field -> messages.error(field, "invalid_percent_encoding")).toList());
                }
                // A plain form cannot send headers: its key comes as a field of the retry page's
                // form, else from its content, so that the same form sent twice (a double click,
                // the browser's resend) is one booking. Its hash is of the fields, not of the
                // bytes, which a browser may encode differently when it sends the form again.
                JsonNode keyField = tree.remove(HtmlAnswers.IDEMPOTENCY_FIELD);
                bodyHash = HttpBodies.sha256(Json.write(tree).getBytes(StandardCharsets.UTF_8));
                Optional<String> key = request.key()
                        .or(() -> Optional.ofNullable(keyField).filter(JsonNode::isTextual).map(JsonNode::textValue))
                        .or(() -> Optional.of("form-" + bodyHash));
                request = new Request(request.html(), request.formPage(), request.language(), key, form.fields().stream()
                        .filter(field -> !field.getKey().equals(HtmlAnswers.IDEMPOTENCY_FIELD)).toList());
                body = tree;
            } else {
                try {
                    body = Json.parse(raw.get());
                } catch (IOException e) { // Jackson: malformed, too deep, duplicate keys
                    return refuse(request, 400, "", "invalid_json");
                }
                bodyHash = HttpBodies.sha256(raw.get());
            }
            if (request.key().isPresent() && !isValidKey(request.key().get())) {
                return refuse(request, 400, "Idempotency-Key", "invalid_idempotency_key");
            }
            submitting = true;
            SubmitOutcome outcome = service.submit(new SubmitBookingCommand(body, request.key(), bodyHash, sourceIp(event)));
            return answer(outcome, request);
        } catch (RuntimeException | LinkageError e) {
            // Never a 500. Once the service was called, a write may have happened: say so.
            Log.error("submit.failed").field("status", 503).field("code", submitting ? "outcome_unknown" : "unavailable")
                    .error(e).write();
            return unavailable(request, submitting);
        }
    }

    private static APIGatewayV2HTTPResponse answer(SubmitOutcome outcome, Request request) {
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            Log.info("submit.accepted").field("bookingId", accepted.id()).field("reference", accepted.reference())
                    .field("node", accepted.node().id()).field("replayed", accepted.replayed()).write();
            if (!accepted.replayed()) {
                Metrics.count(Metrics.Name.BookingsSubmitted, 1, Map.of("Node", accepted.node().id()),
                        Map.of("bookingId", accepted.id()));
            }
            return created(request, accepted.id(), accepted.reference(), accepted.language(), accepted.node(),
                    accepted.replayed());
        }
        if (outcome instanceof SubmitOutcome.Ignored ignored) {
            Log.info("submit.honeypot").field("node", ignored.node().id()).write();
            return created(request, ignored.id(), ignored.reference(), ignored.language(), ignored.node(), false);
        }
        if (outcome instanceof SubmitOutcome.Invalid invalid) {
            return refuse(request.in(invalid.language()), 400, invalid.errors());
        }
        if (outcome instanceof SubmitOutcome.IdempotencyConflict conflict) {
            return refuse(request.in(conflict.language()), 422, "Idempotency-Key", "idempotency_key_reused");
        }
        if (outcome instanceof SubmitOutcome.TooManyFromSource tooMany) {
            return tooMany(request.in(tooMany.language()), tooMany.retryAfterSeconds());
        }
        SubmitOutcome.Unavailable unavailable = (SubmitOutcome.Unavailable) outcome;
        String code = unavailable.outcomeUnknown() ? "outcome_unknown" : "unavailable";
        Log.error("submit.failed").field("status", 503).field("code", code).field("exception", unavailable.failure()).write();
        Metrics.count(Metrics.Name.StorageFailures, 1, Map.of("code", code));
        return unavailable(request.in(unavailable.language()), unavailable.outcomeUnknown());
    }

    private static APIGatewayV2HTTPResponse created(Request request, String id, String reference, Language language,
                                                    se.smartcitysweden.booking.domain.Node node, boolean replayed) {
        Map<String, String> headers = headers(request.html());
        headers.put("Location", "/bookings/" + id);
        if (replayed) headers.put("Idempotent-Replayed", "true");
        ObjectNode json = Json.object().put("id", id).put("reference", reference).put("status", "submitted");
        return response(201, headers, request.html() ? HtmlAnswers.accepted(language, reference, node) : Json.write(json));
    }

    /**
     * 503: when the write certainly did not happen, "nothing was stored, try again"; when it may
     * have, "it may have been received: send the same request with the same key to find out"
     * (a form gets a button that does exactly that).
     */
    private static APIGatewayV2HTTPResponse unavailable(Request request, boolean outcomeUnknown) {
        Map<String, String> headers = headers(request.html());
        headers.put("Retry-After", RETRY_AFTER_SECONDS);
        Messages messages = Messages.of(request.language());
        if (!outcomeUnknown) {
            FieldError error = messages.error("", "unavailable");
            return response(503, headers, request.html()
                    ? HtmlAnswers.failed(request.language(), error.message(), request.formPage()) : errorsJson(List.of(error)));
        }
        boolean form = !request.formFields().isEmpty() && request.key().isPresent();
        String message = messages.text(form ? "outcome_unknown.form"
                : request.key().isPresent() ? "outcome_unknown" : "outcome_unknown.no_key");
        if (!request.html()) return response(503, headers, errorsJson(List.of(new FieldError("", "outcome_unknown", message))));
        return response(503, headers, form
                ? HtmlAnswers.uncertain(request.language(), message, request.formFields(), request.key().get(), request.formPage())
                : HtmlAnswers.failed(request.language(), message, request.formPage()));
    }

    /**
     * 429: this source sent too many bookings this hour; nothing was stored. Retry-After says when
     * the window ends, and the message says it in minutes, in the request's language.
     */
    private static APIGatewayV2HTTPResponse tooMany(Request request, long retryAfterSeconds) {
        FieldError error = Messages.of(request.language()).error("", "too_many_bookings", (retryAfterSeconds + 59) / 60);
        Log.info("submit.refused").field("status", 429).field("code", error.code()).write();
        Metrics.count(Metrics.Name.ValidationFailures, 1, Map.of("status", "429", "code", error.code()));
        Map<String, String> headers = headers(request.html());
        headers.put("Retry-After", Long.toString(retryAfterSeconds));
        return response(429, headers, request.html()
                ? HtmlAnswers.failed(request.language(), error.message(), request.formPage()) : errorsJson(List.of(error)));
    }

    /** Where the request came from, as API Gateway saw it; empty for an event without one (a direct invoke). */
    private static Optional<String> sourceIp(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getHttp() == null) return Optional.empty();
        return Optional.ofNullable(context.getHttp().getSourceIp()).filter(ip -> !ip.isBlank());
    }

    private static APIGatewayV2HTTPResponse refuse(Request request, int status, String field, String code,
                                                   Object... arguments) {
        return refuse(request, status, List.of(Messages.of(request.language()).error(field, code, arguments)));
    }

    /** 400, 413, 415, 422: the problems in the request's language; logged by their codes only. */
    private static APIGatewayV2HTTPResponse refuse(Request request, int status, List<FieldError> errors) {
        String codes = errors.stream().map(FieldError::code).distinct().collect(Collectors.joining(","));
        Log.info("submit.refused").field("status", status).field("code", codes).field("errors", errors.size()).write();
        Metrics.count(Metrics.Name.ValidationFailures, 1, Map.of("status", Integer.toString(status), "code", codes));
        String body;
        if (!request.html()) {
            body = errorsJson(errors);
        } else if (status == 400 && errors.stream().anyMatch(e -> !e.field().isEmpty())) {
            body = HtmlAnswers.invalid(request.language(), errors, request.formPage());
        } else {
            body = HtmlAnswers.failed(request.language(), errors.get(0).message(), request.formPage());
        }
        return response(status, headers(request.html()), body);
    }

    static String errorsJson(List<FieldError> errors) {
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("code", e.code()).put("message", e.message()));
        return Json.write(json);
    }

    private static boolean isValidKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** Pages and JSON get the shared security headers, from one place (HtmlHeaders). */
    private static Map<String, String> headers(boolean html) {
        return html ? HtmlHeaders.page(HtmlAnswers.CSS) : HtmlHeaders.json();
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }
}
