package se.smartcitysweden.booking.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.intake.SubmitBookingCommand;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.web.Form;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.web.Routes;
import se.smartcitysweden.booking.submit.SubmitAnswers.Asked;

/**
 * {@code POST /bookings}: the request read into a submission (the JSON body, or a plain form's fields as the same
 * JSON), handed to the service, and its outcome answered ({@link SubmitAnswers}).
 */
final class SubmitBookingHttp {
    /** The form field that carries the Idempotency-Key of a form post (a plain form cannot send headers). */
    static final String IDEMPOTENCY_FIELD = "idempotencyKey";
    private static final int MAX_KEY_LENGTH = 255;

    private final SubmitBookingService service;
    /** API Gateway sends this function POST /bookings only (and a direct invoke may name no route): one page for all. */
    final Routes routes = new Routes("submit", (request, refusal) -> SubmitAnswers.unavailable(Asked.of(request), false))
            .any(this::submit);

    SubmitBookingHttp(SubmitBookingService service) {
        this.service = service;
    }

    private HttpAnswer submit(HttpRequest request) {
        Asked asked = Asked.of(request);
        Optional<HttpRequest.BodyProblem> problem = request.bodyProblem(BookingRules.MAX_BODY_BYTES);
        if (problem.isPresent()) {
            Object[] arguments = problem.get() == HttpRequest.BodyProblem.TOO_LARGE
                    ? new Object[] {BookingRules.MAX_BODY_BYTES / 1024} : new Object[0];
            return SubmitAnswers.refuse(asked, problem.get().status, "", problem.get().code, arguments);
        }
        JsonNode body;
        String bodyHash;
        if (request.mediaType() == HttpRequest.MediaType.FORM) {
            Form form = request.form();
            ObjectNode tree = form.tree();
            Language language = tree.has("language") ? BookingRequestParser.languageOf(tree) : asked.language();
            if (!form.malformed().isEmpty()) {
                Messages messages = Messages.of(language);
                return SubmitAnswers.refuse(asked.in(language), 400, form.malformed().stream()
                        .map(field -> messages.error(field, "invalid_percent_encoding")).toList());
            }
            // A plain form cannot send headers: its key comes as a field of the retry page's form, else from its
            // content, so that the same form sent twice (a double click, the browser's resend) is one booking. Its
            // hash is of the fields, not of the bytes, which a browser may encode differently when it sends the form again.
            JsonNode keyField = tree.remove(IDEMPOTENCY_FIELD);
            bodyHash = sha256(Json.write(tree).getBytes(StandardCharsets.UTF_8));
            Optional<String> key = asked.key()
                    .or(() -> Optional.ofNullable(keyField).filter(JsonNode::isTextual).map(JsonNode::textValue))
                    .or(() -> Optional.of("form-" + bodyHash));
            asked = new Asked(asked.html(), asked.formPage(), asked.language(), key, form.fields().stream()
                    .filter(field -> !field.getKey().equals(IDEMPOTENCY_FIELD)).toList());
            body = tree;
        } else {
            Optional<JsonNode> json = request.json();
            if (json.isEmpty()) return SubmitAnswers.refuse(asked, 400, "", "invalid_json");
            body = json.get();
            bodyHash = sha256(request.bytes());
        }
        if (asked.key().isPresent() && !isValidKey(asked.key().get())) {
            return SubmitAnswers.refuse(asked, 400, "Idempotency-Key", "invalid_idempotency_key");
        }
        try {
            return SubmitAnswers.answer(service.submit(new SubmitBookingCommand(body, asked.key(), bodyHash, request.sourceIp())), asked);
        } catch (RuntimeException | LinkageError e) {
            // Never a 500. Once the service was called, a write may have happened: say so.
            Log.error("submit.failed").field("status", 503).field("code", "outcome_unknown").error(e).write();
            return SubmitAnswers.unavailable(asked, true);
        }
    }

    private static boolean isValidKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
