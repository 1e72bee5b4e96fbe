package se.smartcitysweden.booking.manage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.workflow.CaseService;

/** The pages' error answers, each a short page or {@code {errors:[...]}}, and their log lines. */
final class Problems {
    private Problems() { }

    /** An error answer: a short page, or {@code {errors:[{field:"", code, message}]}}. */
    static HttpAnswer problem(boolean html, int status, PageWords w, String key, String code, Object... arguments) {
        String title = w.get("error." + key + ".title");
        String text = w.has("error." + key) ? (arguments.length == 0 ? w.get("error." + key) : w.format("error." + key, arguments))
                : title;
        if (status != 503) log("manage.refused", "", code, status); // a 503 is logged with its cause where it is caught
        return html ? PageTemplates.message(status, w, title, text) : HttpAnswer.errors(status, List.of(new FieldError("", code, text)));
    }

    /**
     * Refused token (403, the same whatever was wrong with it) or unknown booking (404). A browser gets a way on, in
     * its own language (the booking's is unknown here): the contact address and "send me a new link" (NewLinkPage).
     */
    static HttpAnswer refused(CaseService.Answer answer, boolean html, HttpRequest request, PageContext context) {
        PageWords w = PageWords.of(request.language());
        boolean notFound = answer instanceof CaseService.Answer.NotFound;
        String key = notFound ? "notFound" : "forbidden";
        if (!html) return notFound ? problem(false, 404, w, "notFound", "not_found") : problem(false, 403, w, "forbidden", "forbidden");
        log("manage.refused", "", notFound ? "not_found" : "forbidden", notFound ? 404 : 403);
        Map<String, Object> view = w.page(w.get("error." + key + ".title"));
        view.put("text", w.get("error." + key));
        view.put("page", NewLinkPage.pageOf(request.path()));
        view.put("contact", context.contactAddress());
        return PageTemplates.page(notFound ? 404 : 403, "refused", view);
    }

    /** The answer that refuses a body of another type, too large or not UTF-8; empty when it can be read. */
    static Optional<HttpAnswer> unreadable(HttpRequest request, boolean html, PageWords w) {
        return request.bodyProblem(BookingRules.MAX_BODY_BYTES).map(problem -> switch (problem) {
            case UNSUPPORTED_MEDIA_TYPE -> problem(html, 415, w, "unsupported", "unsupported_media_type");
            case TOO_LARGE -> problem(html, 413, w, "tooLarge", "too_large", BookingRules.MAX_BODY_BYTES / 1024);
            case INVALID_ENCODING -> {
                log("manage.refused", "", "invalid_encoding", 400);
                FieldError error = Messages.of(w.language()).error("", "invalid_encoding");
                yield html ? PageTemplates.message(400, w, w.get("error.invalid.title"), error.message())
                        : HttpAnswer.errors(400, List.of(error));
            }
        });
    }

    /**
     * The page after a change that WAS made (post/redirect/get, {@code ?done=...}): if it cannot be drawn, it says
     * the change is saved (logged), never that nothing changed. Any other page's failure is the caller's 503.
     */
    static HttpAnswer afterChange(HttpRequest request, PageWords w, Supplier<HttpAnswer> page) {
        if (!request.wantsHtml() || request.query("done") == null) return page.get();
        // The same answer as right after the change: it says the change is saved, down to fixed text.
        return committed(request, true, w, "done-page", "done.generic", page);
    }

    /**
     * The answer to a change that WAS stored (the redirect to its result, or the new state as JSON): if it cannot be
     * made, the answer still says what was done (200: a short page, or {@code {saved, action, message}} for a script)
     * and the failure is logged – never the route table's 503 "nothing has changed".
     *
     * @param doneKey the words that say what was done ("done.reopen", "visit.done.cancel", ...)
     */
    static HttpAnswer committed(HttpRequest request, boolean html, PageWords w, String action, String doneKey,
                                Supplier<HttpAnswer> answer) {
        String bookingId = request.pathParameter("id");
        try {
            return answer.get();
        } catch (RuntimeException | LinkageError e) {
            Log.error("manage.committed.unanswered").field("bookingId", bookingId).field("status", 200)
                    .field("code", action.replaceAll("[^A-Za-z0-9._-]", "")).error(e).write();
        }
        try {
            String done = doneText(w, doneKey, bookingId);
            String unshown = word(w, "done.unshown", "The change is saved. The page could not be shown just now: reload it in a moment.");
            if (html) return PageTemplates.message(200, w, word(w, "done.title", "Done"), done, unshown);
            ObjectNode body = Json.object().put("saved", true).put("action", action).put("message", done + " " + unshown);
            return HttpAnswer.json(200, body);
        } catch (RuntimeException | LinkageError e) {
            // Even the words or the template failed: the last answer is fixed text, still true.
            Log.error("manage.committed.unanswered").field("bookingId", bookingId).field("status", 200).field("code", "fallback")
                    .error(e).write();
            String text = w.language() == Language.SV ? "Klart. Ändringen är sparad." : "Done. The change is saved.";
            return html ? HttpAnswer.page(200, "<!doctype html><html lang=\"" + w.language().code() + "\"><meta charset=\"utf-8\">"
                    + "<title>" + text + "</title><p>" + text + "</p></html>", PageTemplates.CSS)
                    : HttpAnswer.json(200, Json.object().put("saved", true).put("action", action).put("message", text));
        }
    }

    /**
     * The banner after a change that was made: its own words, else (logged) a generic truthful "Done." – never
     * an error that would claim that nothing changed.
     */
    static String doneText(PageWords w, String key, String bookingId) {
        if (w.has(key)) return w.get(key);
        Log.error("manage.done.missingWords").field("bookingId", bookingId).field("code", key.replaceAll("[^A-Za-z0-9._-]", ""))
                .field("language", w.language().code()).write();
        return key.equals("done.noticePending") || key.equals("visit.done.noticePending") ? "" : word(w, "done.generic", "Done.");
    }

    /** A word, or the given text if this language lacks it (only for answers that must not fail). */
    private static String word(PageWords w, String key, String otherwise) {
        return w.has(key) ? w.get(key) : otherwise;
    }

    /**
     * One line per answer worth knowing of; the detail is an action name or code, cut to safe characters.
     * Without a booking id here, the line carries the request's ({@link LogContext}), if it has one.
     */
    static void log(String event, String bookingId, String detail, int status) {
        Log line = status == 503 ? Log.error(event) : Log.info(event);
        if (!bookingId.isEmpty()) line.field("bookingId", bookingId);
        line.field("code", detail.replaceAll("[^A-Za-z0-9._-]", "")).field("status", status).write();
    }
}
