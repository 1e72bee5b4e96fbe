package se.smartcitysweden.booking.submit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.http.FormBody;
import se.smartcitysweden.booking.http.HttpBodies;
import se.smartcitysweden.booking.intake.SubmitBookingCommand;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.intake.SubmitOutcome;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;

/** Turns an HTTP API event into a submission and its outcome into an HTTP answer. */
final class SubmitBookingHttp {
    static final String RETRY_AFTER_SECONDS = "5";
    private static final int MAX_KEY_LENGTH = 255;

    private final SubmitBookingService service;

    SubmitBookingHttp(SubmitBookingService service) {
        this.service = service;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = lowerCased(event.getHeaders());
        Language headerLanguage = HttpBodies.languageOf(headers.get("accept-language"));
        // A form posted without JavaScript gets an HTML page; scripts get JSON.
        boolean html = HttpBodies.prefersHtml(headers.get("accept"));
        String formPage = headers.get("referer");
        try {
            HttpBodies.MediaType mediaType = HttpBodies.mediaType(headers.get("content-type"));
            if (mediaType == HttpBodies.MediaType.OTHER) {
                return error(html, formPage, 415, headerLanguage, "", "unsupported_media_type");
            }
            byte[] raw = HttpBodies.bytes(event.getBody(), event.getIsBase64Encoded());
            if (raw.length > BookingRules.MAX_BODY_BYTES) {
                return error(html, formPage, 413, headerLanguage, "", "too_large", BookingRules.MAX_BODY_BYTES / 1024);
            }
            Optional<String> text = HttpBodies.utf8(raw);
            if (text.isEmpty()) return error(html, formPage, 400, headerLanguage, "", "invalid_encoding");
            JsonNode body;
            if (mediaType == HttpBodies.MediaType.FORM) {
                body = FormBody.toTree(text.get());
            } else {
                try {
                    body = Json.parse(raw);
                } catch (JacksonException e) {
                    return error(html, formPage, 400, headerLanguage, "", "invalid_json");
                }
            }
            Optional<String> key = Optional.ofNullable(headers.get("idempotency-key"));
            if (key.isPresent() && !isValidKey(key.get())) {
                return error(html, formPage, 400, headerLanguage, "Idempotency-Key", "invalid_idempotency_key");
            }
            SubmitOutcome outcome = service.submit(new SubmitBookingCommand(body, key, HttpBodies.sha256(raw)));
            return answer(outcome, html, formPage);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Never a 500: log the cause (no personal data) and ask the client to retry.
            System.err.println("{\"level\":\"ERROR\",\"event\":\"submit.unexpected\",\"error\":\""
                    + e.getClass().getName() + "\"}");
            e.printStackTrace();
            return error(html, formPage, 503, headerLanguage, "", "unavailable");
        }
    }

    private static APIGatewayV2HTTPResponse answer(SubmitOutcome outcome, boolean html, String formPage) {
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            ObjectNode json = Json.object().put("id", accepted.id()).put("reference", accepted.reference())
                    .put("status", "submitted");
            Map<String, String> headers = headers(html);
            headers.put("Location", "/bookings/" + accepted.id());
            if (accepted.replayed()) headers.put("Idempotent-Replayed", "true");
            return response(201, headers, html
                    ? HtmlAnswers.accepted(accepted.language(), accepted.reference(), accepted.node())
                    : Json.write(json));
        }
        if (outcome instanceof SubmitOutcome.Invalid invalid) {
            return response(400, headers(html), html
                    ? HtmlAnswers.invalid(invalid.language(), invalid.errors(), formPage) : errorsJson(invalid.errors()));
        }
        if (outcome instanceof SubmitOutcome.IdempotencyConflict conflict) {
            return error(html, formPage, 422, conflict.language(), "Idempotency-Key", "idempotency_key_reused");
        }
        SubmitOutcome.Unavailable unavailable = (SubmitOutcome.Unavailable) outcome;
        return error(html, formPage, 503, unavailable.language(), "", "unavailable");
    }

    private static APIGatewayV2HTTPResponse error(boolean html, String formPage, int status, Language language,
                                                  String field, String code, Object... arguments) {
        Map<String, String> headers = headers(html);
        if (status == 503) headers.put("Retry-After", RETRY_AFTER_SECONDS);
        FieldError error = Messages.of(language).error(field, code, arguments);
        return response(status, headers, html ? HtmlAnswers.failed(language, error.message(), formPage) : errorsJson(List.of(error)));
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

    private static Map<String, String> headers(boolean html) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", html ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        return headers;
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
        return lower;
    }
}
