package se.smartcitysweden.booking.submit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.intake.SubmitOutcome;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.web.Form;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.web.Routes;

/**
 * The submission's answers: 201 with the booking, or why not, as JSON for a script and as a page for a form posted
 * without JavaScript. Every answer other than 201 is one log line ({@code submit.refused} or {@code submit.failed})
 * with its code, and a metric; no value the visitor sent reaches a log.
 */
final class SubmitAnswers {
    private SubmitAnswers() { }

    /** What an answer needs to know of its request; the fields of a form, to offer them again. */
    record Asked(boolean html, String formPage, Language language, Optional<String> key,
                 List<Map.Entry<String, String>> formFields) {
        static Asked of(HttpRequest request) {
            // A form posted without JavaScript gets an HTML page; scripts get JSON.
            return new Asked(request.prefersHtml(), request.header("referer"), request.language(),
                    Optional.ofNullable(request.header("idempotency-key")), List.of());
        }

        Asked in(Language other) {
            return new Asked(html, formPage, other, key, formFields);
        }
    }

    static HttpAnswer answer(SubmitOutcome outcome, Asked asked) {
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            Log.info("submit.accepted").field("bookingId", accepted.id()).field("reference", accepted.reference())
                    .field("node", accepted.node().id()).field("replayed", accepted.replayed()).write();
            if (!accepted.replayed()) {
                Metrics.count(Metrics.Name.BookingsSubmitted, 1, Map.of("Node", accepted.node().id()), Map.of("bookingId", accepted.id()));
            }
            return created(asked, accepted.id(), accepted.reference(), accepted.language(), accepted.node(), accepted.replayed());
        }
        if (outcome instanceof SubmitOutcome.Ignored ignored) {
            Log.info("submit.honeypot").field("node", ignored.node().id()).write();
            return created(asked, ignored.id(), ignored.reference(), ignored.language(), ignored.node(), false);
        }
        if (outcome instanceof SubmitOutcome.Invalid invalid) return refuse(asked.in(invalid.language()), 400, invalid.errors());
        if (outcome instanceof SubmitOutcome.IdempotencyConflict conflict) {
            return refuse(asked.in(conflict.language()), 422, "Idempotency-Key", "idempotency_key_reused");
        }
        if (outcome instanceof SubmitOutcome.TooManyFromSource tooMany) {
            return tooMany(asked.in(tooMany.language()), tooMany.retryAfterSeconds());
        }
        SubmitOutcome.Unavailable unavailable = (SubmitOutcome.Unavailable) outcome;
        String code = unavailable.outcomeUnknown() ? "outcome_unknown" : "unavailable";
        Log.error("submit.failed").field("status", 503).field("code", code).field("exception", unavailable.failure()).write();
        Metrics.count(Metrics.Name.StorageFailures, 1, Map.of("code", code));
        return unavailable(asked.in(unavailable.language()), unavailable.outcomeUnknown());
    }

    private static HttpAnswer created(Asked asked, String id, String reference, Language language, Node node, boolean replayed) {
        ObjectNode json = Json.object().put("id", id).put("reference", reference).put("status", "submitted");
        HttpAnswer answer = asked.html() ? SubmitPages.accepted(201, language, reference, node) : HttpAnswer.json(201, json);
        answer = answer.withHeader("Location", "/bookings/" + id);
        return replayed ? answer.withHeader("Idempotent-Replayed", "true") : answer;
    }

    /**
     * 503: when the write certainly did not happen, "nothing was stored, try again"; when it may have, "it may have
     * been received: send the same request with the same key to find out" (a form gets a button that does exactly that).
     */
    static HttpAnswer unavailable(Asked asked, boolean outcomeUnknown) {
        Messages messages = Messages.of(asked.language());
        boolean form = !asked.formFields().isEmpty() && asked.key().isPresent();
        String message = !outcomeUnknown ? messages.error("", "unavailable").message() : messages.text(form ? "outcome_unknown.form"
                : asked.key().isPresent() ? "outcome_unknown" : "outcome_unknown.no_key");
        HttpAnswer answer;
        if (!asked.html()) {
            answer = HttpAnswer.errors(503, List.of(new FieldError("", outcomeUnknown ? "outcome_unknown" : "unavailable", message)));
        } else if (outcomeUnknown && form) {
            answer = SubmitPages.uncertain(503, asked.language(), message, asked.formFields(), asked.key().get(), asked.formPage());
        } else {
            answer = SubmitPages.failed(503, asked.language(), message, asked.formPage());
        }
        return answer.withHeader("Retry-After", Routes.RETRY_AFTER_SECONDS);
    }

    /**
     * 429: this source sent too many bookings this hour; nothing was stored. Retry-After says when the window ends,
     * and the message says it in minutes, in the request's language.
     */
    private static HttpAnswer tooMany(Asked asked, long retryAfterSeconds) {
        FieldError error = Messages.of(asked.language()).error("", "too_many_bookings", (retryAfterSeconds + 59) / 60);
        Log.info("submit.refused").field("status", 429).field("code", error.code()).write();
        Metrics.count(Metrics.Name.ValidationFailures, 1, Map.of("status", "429", "code", error.code()));
        HttpAnswer answer = asked.html() ? SubmitPages.failed(429, asked.language(), error.message(), asked.formPage())
                : HttpAnswer.errors(429, List.of(error));
        return answer.withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    static HttpAnswer refuse(Asked asked, int status, String field, String code, Object... arguments) {
        return refuse(asked, status, List.of(Messages.of(asked.language()).error(field, code, arguments)));
    }

    /** 400, 413, 415, 422: the problems in the request's language; logged by their codes only. */
    static HttpAnswer refuse(Asked asked, int status, List<FieldError> errors) {
        String codes = errors.stream().map(FieldError::code).distinct().collect(Collectors.joining(","));
        Log.info("submit.refused").field("status", status).field("code", codes).field("errors", errors.size()).write();
        Metrics.count(Metrics.Name.ValidationFailures, 1, Map.of("status", Integer.toString(status), "code", codes));
        if (!asked.html()) return HttpAnswer.errors(status, errors);
        if (status == 400 && errors.stream().anyMatch(e -> !e.field().isEmpty())) {
            // The page names a row as the form numbered it, not as the tree did after blank rows were dropped.
            List<FieldError> asTyped = errors.stream()
                    .map(e -> new FieldError(Form.asTyped(e.field(), asked.formFields()), e.code(), e.message())).toList();
            return SubmitPages.invalid(status, asked.language(), asTyped, asked.formPage());
        }
        return SubmitPages.failed(status, asked.language(), errors.get(0).message(), asked.formPage());
    }
}
