package se.smartcitysweden.booking.manage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.http.FormBody;
import se.smartcitysweden.booking.http.HtmlHeaders;
import se.smartcitysweden.booking.http.HttpBodies;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.selfservice.VisitorAction;
import se.smartcitysweden.booking.selfservice.VisitorActionParser;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/**
 * The manage, feedback and visitor routes: {@code GET /bookings/{id}/manage}, {@code POST /bookings/{id}/actions},
 * {@code GET|POST /bookings/{id}/feedback}, {@code GET|POST /bookings/{id}/visit}, {@code GET /bookings/{id}/calendar}.
 * A browser's successful form post is answered with 303 See Other to the page showing the result
 * (post/redirect/get), so reloading that page repeats nothing. A browser (Accept: text/html) gets pages, a script JSON.
 * Every request needs the link's token; a refused token changes nothing and reveals nothing, and
 * {@code GET} never changes anything (mail scanners follow links).
 */
final class ManageBookingHttp {
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Pattern PATH = Pattern.compile("(?:.*/)?bookings/([^/]+)/(manage|actions|feedback|visit|calendar|impact)/?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The services for the base URL their e-mail links are made from. */
    interface Services {
        ServiceSet forBaseUrl(String baseUrl);
    }

    /** The coordinator's cases and the visitor's self-service, sharing one store and clock. */
    record ServiceSet(CaseService cases, VisitorService visitors) { }

    private enum Page { MANAGE, ACTIONS, FEEDBACK, VISIT, CALENDAR, IMPACT }

    private record Route(Page page, String method, String bookingId) { }

    private final Services services;
    private final String publicBaseUrl;
    private final Language coordinatorLanguage;
    private final Clock clock;

    ManageBookingHttp(Services services, String publicBaseUrl, Language coordinatorLanguage, Clock clock) {
        this.services = services;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip();
        this.coordinatorLanguage = coordinatorLanguage;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = lowerCased(event.getHeaders());
        String method = method(event);
        Optional<Route> route = route(event, method);
        Language fallback = route.isPresent() && route.get().page().compareTo(Page.FEEDBACK) >= 0
                ? HttpBodies.languageOf(headers.get("accept-language")) : coordinatorLanguage;
        boolean html = method.equals("GET") ? !wantsJson(headers.get("accept")) : HttpBodies.prefersHtml(headers.get("accept"));
        try {
            if (route.isEmpty()) return problem(html, 404, PageWords.of(fallback), "notFound", "not_found");
            Route r = route.get();
            LogContext.bookingId(r.bookingId()); // every line of this request is about this booking
            ServiceSet set = services.forBaseUrl(baseUrl(event));
            CaseService service = set.cases();
            String token = query(event, "token");
            return switch (r.page()) {
                case MANAGE -> r.method().equals("GET") ? managePage(service, r.bookingId(), token, query(event, "action"),
                        query(event, "done"), query(event, "pending") != null, html)
                        : notAllowedMethod(html, fallback, "GET");
                case ACTIONS -> r.method().equals("POST") ? action(service, r.bookingId(), token, event, headers, html)
                        : notAllowedMethod(html, fallback, "POST");
                case FEEDBACK -> switch (r.method()) {
                    case "GET" -> feedbackPage(service, r.bookingId(), token, query(event, "done") != null, html, fallback);
                    case "POST" -> feedback(set.visitors(), service, r.bookingId(), token, event, headers, html, fallback);
                    default -> notAllowedMethod(html, fallback, "GET, POST");
                };
                case VISIT -> switch (r.method()) {
                    case "GET" -> visitPage(set.visitors(), r.bookingId(), token, query(event, "done"), html, fallback);
                    case "POST" -> visitorAction(set, r.bookingId(), token, event, headers, html, fallback);
                    default -> notAllowedMethod(html, fallback, "GET, POST");
                };
                case CALENDAR -> r.method().equals("GET") ? calendar(set.visitors(), r.bookingId(), token, html, fallback)
                        : notAllowedMethod(html, fallback, "GET");
                case IMPACT -> switch (r.method()) {
                    case "GET" -> impactPage(service, r.bookingId(), token, query(event, "done") != null, fallback);
                    case "POST" -> impact(service, r.bookingId(), token, event, headers, fallback);
                    default -> notAllowedMethod(html, fallback, "GET, POST");
                };
            };
        } catch (RuntimeException e) {
            if (html && method.equals("GET") && query(event, "done") != null && route.isPresent()
                    && (route.get().page() == Page.MANAGE || route.get().page() == Page.VISIT)) {
                // The page after a change that WAS made (post/redirect/get): it must not say that nothing changed.
                Log.error("manage.done.failed").field("bookingId", route.get().bookingId()).field("status", 200)
                        .field("code", "done_page").error(e).write();
                PageWords w = PageWords.of(route.get().page() == Page.MANAGE ? coordinatorLanguage : fallback);
                return page(200, Pages.message(w, word(w, "done.title", "Done."), word(w, "done.unshown",
                        "The change is saved. The page could not be shown just now: reload it in a moment.")));
            }
            // Never a 500: log the cause (its class, no personal data, no token) and ask the client to retry.
            Log.error("manage.failed").field("bookingId", route.map(Route::bookingId).orElse("")).field("status", 503)
                    .field("code", "unavailable").error(e).write();
            return problem(html, 503, PageWords.of(fallback), "unavailable", "unavailable");
        }
    }

    // ---- GET /bookings/{id}/manage ----

    private APIGatewayV2HTTPResponse managePage(CaseService service, String id, String token, String preselect, String done,
                                               boolean pending, boolean html) {
        PageWords w = PageWords.of(coordinatorLanguage);
        CaseService.Answer answer = service.show(id, token, LinkSigner.Purpose.MANAGE);
        if (answer instanceof CaseService.Answer.Shown shown) {
            BookingCase c = shown.bookingCase();
            if (!html) return json(200, CaseJson.state(c, clock.instant()));
            // After post/redirect/get: the action's result, shown by a GET that changes nothing when reloaded.
            Pages.Focus focus = done != null && ActionParser.ACTIONS.contains(done)
                    ? Pages.Focus.banner(pending ? "warning" : "success", doneText(w, "done." + done, id)
                            + (pending ? " " + doneText(w, "done.noticePending", id) : ""))
                    : Pages.Focus.preselect(preselect);
            return page(200, Pages.manage(c, w, token, focus, clock.instant()));
        }
        return refused(answer, html, w);
    }

    /**
     * The banner after a change that was made: its own words, else (logged) a generic truthful "Done." – never
     * an error that would claim that nothing changed.
     */
    private static String doneText(PageWords w, String key, String bookingId) {
        if (w.has(key)) return w.get(key);
        Log.error("manage.done.missingWords").field("bookingId", bookingId).field("code", key.replaceAll("[^A-Za-z0-9._-]", ""))
                .field("language", w.language().code()).write();
        return key.equals("done.noticePending") || key.equals("visit.done.noticePending") ? "" : word(w, "done.generic", "Done.");
    }

    /** A word, or the given text if this language lacks it (only for answers that must not fail). */
    private static String word(PageWords w, String key, String otherwise) {
        return w.has(key) ? w.get(key) : otherwise;
    }

    // ---- POST /bookings/{id}/actions ----

    private APIGatewayV2HTTPResponse action(CaseService service, String id, String token, APIGatewayV2HTTPEvent event,
                                           Map<String, String> headers, boolean html) {
        PageWords w = PageWords.of(coordinatorLanguage);
        Body body = body(event, headers, html, w);
        if (body.refusal() != null) return body.refusal();
        CaseService.Answer shown = service.show(id, token, LinkSigner.Purpose.MANAGE);
        if (!(shown instanceof CaseService.Answer.Shown current)) return refused(shown, html, w);

        FormFields form = body.form();
        JsonNode tree;
        if (form != null) {
            tree = form.action();
        } else {
            Optional<JsonNode> parsed = parseJson(body.raw());
            if (parsed.isEmpty()) return invalid(html, w, current.bookingCase(), token, "", List.of(Messages.of(w.language()).error("", "invalid_json")), Map.of());
            tree = parsed.get();
        }
        String actionName = tree.path("action").isTextual() ? tree.path("action").textValue() : "";
        ActionParser.Parsed<CoordinatorAction> parsed = ActionParser.action(tree, coordinatorLanguage, today());
        if (!parsed.errors().isEmpty() || parsed.value().isEmpty()) {
            log("manage.action.invalid", id, actionName, 400);
            return invalid(html, w, current.bookingCase(), token, actionName, parsed.errors(), form == null ? Map.of() : form.values());
        }
        CoordinatorAction action = parsed.value().get();
        CaseService.Answer answer = service.act(id, token, action);
        if (answer instanceof CaseService.Answer.Changed changed) {
            BookingCase c = changed.bookingCase();
            log("manage.action", id, action.name(), 200);
            if (!html) return json(200, CaseJson.state(c, clock.instant()));
            boolean noticePending = FollowUpPlan.noticeKey(c).filter(key -> !c.workflow().followUpsSent().containsKey(key))
                    .isPresent() && !action.name().equals("acknowledge") && !action.name().equals("complete")
                    && !action.name().equals("record-outcome");
            // Post/redirect/get: a reload of the result page repeats nothing.
            return seeOther("manage?token=" + encoded(token) + "&done=" + action.name() + (noticePending ? "&pending=1" : ""));
        }
        if (answer instanceof CaseService.Answer.NotAllowed notAllowed) {
            BookingCase c = notAllowed.bookingCase();
            log("manage.action.conflict", id, action.name(), 409);
            String text = notAllowedText(w, c, action.name());
            if (!html) return json(409, CaseJson.notAllowed(c, new FieldError("action", "not_allowed", text), clock.instant()));
            return page(409, Pages.manage(c, w, token, Pages.Focus.banner("error", text), clock.instant()));
        }
        return refused(answer, html, w);
    }

    private APIGatewayV2HTTPResponse invalid(boolean html, PageWords w, BookingCase c, String token, String action,
                                            List<FieldError> errors,
                                            Map<String, String> typed) {
        if (!html) return json(400, CaseJson.errors(errors));
        return page(400, Pages.manage(c, w, token, new Pages.Focus(action, "", "", errors, typed), clock.instant()));
    }

    private String notAllowedText(PageWords w, BookingCase c, String action) {
        List<String> allowed = se.smartcitysweden.booking.workflow.Transitions.allowedActions(c, clock.instant());
        String now = allowed.isEmpty() ? w.get("notAllowed.none")
                : w.format("notAllowed.allowed", allowed.stream().map(w::actionName).collect(Collectors.joining(", ")));
        return w.format("notAllowed", w.actionName(action), w.status(c.status())) + " " + now;
    }

    // ---- GET and POST /bookings/{id}/feedback ----

    private APIGatewayV2HTTPResponse feedbackPage(CaseService service, String id, String token, boolean done, boolean html,
                                                 Language fallback) {
        CaseService.Answer answer = service.show(id, token, LinkSigner.Purpose.FEEDBACK);
        if (answer instanceof CaseService.Answer.Shown shown) {
            BookingCase c = shown.bookingCase();
            if (!html) return json(200, CaseJson.feedback(c));
            PageWords w = PageWords.of(c.booking().language());
            if (done && c.workflow().feedback().isPresent()) {
                return page(200, Pages.message(w, w.get("feedback.thanks.title"),
                        w.format("feedback.thanks", c.workflow().feedback().get().rating())));
            }
            return page(200, Pages.feedback(c, w, token, List.of(), Map.of()));
        }
        return refused(answer, html, PageWords.of(fallback));
    }

    private APIGatewayV2HTTPResponse feedback(VisitorService visitors, CaseService service, String id, String token,
                                             APIGatewayV2HTTPEvent event,
                                             Map<String, String> headers, boolean html, Language fallback) {
        Body body = body(event, headers, html, PageWords.of(fallback));
        if (body.refusal() != null) return body.refusal();
        CaseService.Answer shown = service.show(id, token, LinkSigner.Purpose.FEEDBACK);
        if (!(shown instanceof CaseService.Answer.Shown current)) return refused(shown, html, PageWords.of(fallback));
        BookingCase c = current.bookingCase();
        PageWords w = PageWords.of(c.booking().language());

        FormFields form = body.form();
        JsonNode tree;
        if (form != null) {
            tree = form.feedback();
        } else {
            Optional<JsonNode> parsed = parseJson(body.raw());
            if (parsed.isEmpty()) {
                List<FieldError> errors = List.of(Messages.of(w.language()).error("", "invalid_json"));
                return html ? page(400, Pages.feedback(c, w, token, errors, Map.of())) : json(400, CaseJson.errors(errors));
            }
            tree = parsed.get();
        }
        ActionParser.Parsed<ActionParser.FeedbackInput> parsed = ActionParser.feedback(tree, w.language());
        if (!parsed.errors().isEmpty() || parsed.value().isEmpty()) {
            log("feedback.invalid", id, "feedback", 400);
            return html ? page(400, Pages.feedback(c, w, token, parsed.errors(), form == null ? Map.of() : form.values()))
                    : json(400, CaseJson.errors(parsed.errors()));
        }
        CaseService.Answer answer = visitors.feedback(id, token, parsed.value().get());
        if (answer instanceof CaseService.Answer.Changed changed) {
            log("feedback", id, "feedback", 200);
            return html ? seeOther("feedback?token=" + encoded(token) + "&done=1")
                    : json(200, CaseJson.feedback(changed.bookingCase()));
        }
        if (answer instanceof CaseService.Answer.NotAllowed) {
            return problem(html, 409, w, "unavailable", "conflict");
        }
        return refused(answer, html, PageWords.of(fallback));
    }

    // ---- GET and POST /bookings/{id}/impact: the impact survey, 6 and 12 months after the visit (HTML only) ----

    private APIGatewayV2HTTPResponse impactPage(CaseService service, String id, String token, boolean done, Language fallback) {
        CaseService.Answer answer = service.show(id, token, LinkSigner.Purpose.IMPACT);
        if (!(answer instanceof CaseService.Answer.Shown shown)) return refused(answer, true, PageWords.of(fallback));
        BookingCase c = shown.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        Optional<Integer> round = Impact.openRound(c.workflow());
        if (round.isEmpty() || PersonalData.isAnonymised(c.workflow())) {
            return page(409, Pages.message(w, w.get("impact.title"), w.get("impact.closed")));
        }
        if (done && Impact.answers(c.workflow()).containsKey(round.get())) {
            return page(200, Pages.message(w, w.get("impact.thanks.title"), w.get("impact.thanks")));
        }
        return page(200, Pages.impact(c, round.get(), w, token, List.of(), Map.of()));
    }

    private APIGatewayV2HTTPResponse impact(CaseService service, String id, String token, APIGatewayV2HTTPEvent event,
                                           Map<String, String> headers, Language fallback) {
        Body body = body(event, headers, true, PageWords.of(fallback));
        if (body.refusal() != null) return body.refusal();
        CaseService.Answer shown = service.show(id, token, LinkSigner.Purpose.IMPACT);
        if (!(shown instanceof CaseService.Answer.Shown current)) return refused(shown, true, PageWords.of(fallback));
        BookingCase c = current.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        Optional<Integer> round = Impact.openRound(c.workflow());
        if (round.isEmpty() || PersonalData.isAnonymised(c.workflow())) {
            return page(409, Pages.message(w, w.get("impact.title"), w.get("impact.closed")));
        }
        Map<String, String> values = body.form() == null ? Map.of() : body.form().values();
        List<FieldError> errors = new ArrayList<>();
        for (String name : Pages.IMPACT_QUESTIONS) {
            String value = values.getOrDefault(name, "");
            if (!value.equals("yes") && !value.equals("no")) errors.add(new FieldError(name, "required", w.get("impact.required")));
        }
        String note = values.getOrDefault("note", "").strip();
        if (note.length() > Impact.NOTE_MAX) errors.add(new FieldError("note", "too_long", w.get("impact.tooLong")));
        if (!errors.isEmpty()) {
            log("impact.invalid", id, "impact", 400);
            return page(400, Pages.impact(c, round.get(), w, token, errors, values));
        }
        CaseService.Answer answer = service.impact(id, token, "yes".equals(values.get("contacts")),
                "yes".equals(values.get("deals")), "yes".equals(values.get("collaborations")),
                "yes".equals(values.get("policy")), note);
        if (answer instanceof CaseService.Answer.Changed) {
            log("impact", id, "impact", 303);
            // Post/redirect/get: a reload of the thank-you page repeats nothing.
            return seeOther("impact?token=" + encoded(token) + "&done=1");
        }
        if (answer instanceof CaseService.Answer.NotAllowed) return problem(true, 409, w, "unavailable", "conflict");
        return refused(answer, true, PageWords.of(fallback));
    }

    // ---- the visitor's own page: GET|POST /bookings/{id}/visit, GET /bookings/{id}/calendar ----

    private APIGatewayV2HTTPResponse visitPage(VisitorService visitors, String id, String token, String done, boolean html,
                                              Language fallback) {
        CaseService.Answer answer = visitors.show(id, token);
        if (!(answer instanceof CaseService.Answer.Shown shown)) return refused(answer, html, PageWords.of(fallback));
        BookingCase c = shown.bookingCase();
        if (!html) return json(200, CaseJson.visitor(c, visitors.allowed(c, today()), visitors.changeDeadline(c)));
        PageWords w = PageWords.of(c.booking().language());
        Pages.Focus focus = done != null && (VisitorActionParser.ACTIONS.contains(done) || done.equals("erase"))
                ? Pages.Focus.banner("success", doneText(w, "visit.done." + done, id)) : Pages.Focus.none();
        return page(200, Pages.visitor(c, w, token, focus, visitors.allowed(c, today()), visitors.changeDeadline(c)));
    }

    private APIGatewayV2HTTPResponse visitorAction(ServiceSet set, String id, String token, APIGatewayV2HTTPEvent event,
                                                  Map<String, String> headers, boolean html, Language fallback) {
        VisitorService visitors = set.visitors();
        Body body = body(event, headers, html, PageWords.of(fallback));
        if (body.refusal() != null) return body.refusal();
        CaseService.Answer shown = visitors.show(id, token);
        if (!(shown instanceof CaseService.Answer.Shown current)) return refused(shown, html, PageWords.of(fallback));
        BookingCase c = current.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        JsonNode tree;
        Map<String, String> typed = new LinkedHashMap<>();
        if (body.form() != null) {
            FormBody.Parsed form = FormBody.parse(new String(body.raw(), StandardCharsets.UTF_8));
            form.fields().forEach(field -> typed.putIfAbsent(field.getKey(), field.getValue()));
            tree = form.tree();
        } else {
            Optional<JsonNode> parsed = parseJson(body.raw());
            if (parsed.isEmpty()) return visitInvalid(visitors, c, w, token, "", List.of(Messages.of(w.language())
                    .error("", "invalid_json")), typed, html);
            tree = parsed.get();
        }
        String actionName = tree.path("action").isTextual() ? tree.path("action").textValue() : "";
        if (actionName.equals("erase") && tree.size() == 1) {
            // Erasure at the visitor's own request (GDPR, art. 17): done at once and recorded.
            CaseService.Answer erased = set.cases().eraseAtVisitorsRequest(id, token);
            if (!(erased instanceof CaseService.Answer.Changed done)) return refused(erased, html, w);
            log("visit.action", id, "erase", 200);
            if (!html) return json(200, CaseJson.visitor(done.bookingCase(), List.of(), visitors.changeDeadline(done.bookingCase())));
            return seeOther("visit?token=" + encoded(token) + "&done=erase");
        }
        ActionParser.Parsed<VisitorAction> parsed = VisitorActionParser.parse(tree, c.booking().request(), today());
        if (parsed.value().isEmpty()) {
            log("visit.action.invalid", id, actionName, 400);
            return visitInvalid(visitors, c, w, token, actionName, parsed.errors(), typed, html);
        }
        VisitorAction action = parsed.value().get();
        CaseService.Answer answer = visitors.act(id, token, action);
        if (answer instanceof CaseService.Answer.Changed changed) {
            log("visit.action", id, action.name(), 200);
            if (!html) return json(200, CaseJson.visitor(changed.bookingCase(), visitors.allowed(changed.bookingCase(), today()),
                    visitors.changeDeadline(changed.bookingCase())));
            return seeOther("visit?token=" + encoded(token) + "&done=" + action.name());
        }
        if (answer instanceof CaseService.Answer.NotAllowed notAllowed) {
            BookingCase now = notAllowed.bookingCase();
            log("visit.action.conflict", id, action.name(), 409);
            String text = w.format("visit.notAllowed", w.get("visit." + action.name() + ".title"), w.get("visit.status." + now.status().id()));
            if (!html) return json(409, CaseJson.errors(List.of(new FieldError("action", "not_allowed", text))));
            return page(409, Pages.visitor(now, w, token, Pages.Focus.banner("error", text), visitors.allowed(now, today()),
                    visitors.changeDeadline(now)));
        }
        return refused(answer, html, PageWords.of(fallback));
    }

    private APIGatewayV2HTTPResponse visitInvalid(VisitorService visitors, BookingCase c, PageWords w, String token, String action,
                                                 List<FieldError> errors, Map<String, String> typed, boolean html) {
        if (!html) return json(400, CaseJson.errors(errors));
        return page(400, Pages.visitor(c, w, token, new Pages.Focus(action, "", "", errors, typed), visitors.allowed(c, today()),
                visitors.changeDeadline(c)));
    }

    private APIGatewayV2HTTPResponse calendar(VisitorService visitors, String id, String token, boolean html, Language fallback) {
        CaseService.Answer shown = visitors.show(id, token);
        if (!(shown instanceof CaseService.Answer.Shown current)) return refused(shown, html, PageWords.of(fallback));
        Optional<String> ics = visitors.calendar(id, token);
        if (ics.isEmpty()) return problem(html, 404, PageWords.of(current.bookingCase().booking().language()), "noCalendar", "not_found");
        Map<String, String> headers = HtmlHeaders.file("text/calendar; charset=utf-8");
        headers.put("Content-Disposition", "attachment; filename=\"visit-" + current.bookingCase().booking().reference() + ".ics\"");
        return response(200, headers, ics.get());
    }

    // ---- bodies ----

    /** A request body read and checked, or the answer that refuses it. */
    private record Body(byte[] raw, FormFields form, APIGatewayV2HTTPResponse refusal) { }

    private Body body(APIGatewayV2HTTPEvent event, Map<String, String> headers, boolean html, PageWords w) {
        HttpBodies.MediaType type = HttpBodies.mediaType(headers.get("content-type"));
        if (type == HttpBodies.MediaType.OTHER) {
            return new Body(null, null, problem(html, 415, w, "unsupported", "unsupported_media_type"));
        }
        Optional<byte[]> bytes = HttpBodies.bytes(event.getBody(), event.getIsBase64Encoded());
        byte[] raw = bytes.orElse(new byte[0]);
        if (raw.length > BookingRules.MAX_BODY_BYTES) {
            return new Body(null, null, problem(html, 413, w, "tooLarge", "too_large", BookingRules.MAX_BODY_BYTES / 1024));
        }
        Optional<String> text = bytes.isEmpty() ? Optional.empty() : HttpBodies.utf8(raw);
        if (text.isEmpty()) {
            log("manage.refused", "", "invalid_encoding", 400);
            FieldError error = Messages.of(w.language()).error("", "invalid_encoding");
            return new Body(null, null, html ? page(400, Pages.message(w, w.get("error.invalid.title"), error.message()))
                    : json(400, CaseJson.errors(List.of(error))));
        }
        return new Body(raw, type == HttpBodies.MediaType.FORM ? FormFields.parse(text.get()) : null, null);
    }

    private static Optional<JsonNode> parseJson(byte[] raw) {
        try {
            return Optional.of(Json.parse(raw));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---- answers ----

    /** Refused token (403, the same whatever was wrong with it) or unknown booking (404). */
    private static APIGatewayV2HTTPResponse refused(CaseService.Answer answer, boolean html, PageWords w) {
        if (answer instanceof CaseService.Answer.NotFound) return problem(html, 404, w, "notFound", "not_found");
        return problem(html, 403, w, "forbidden", "forbidden");
    }

    private static APIGatewayV2HTTPResponse notAllowedMethod(boolean html, Language language, String allow) {
        APIGatewayV2HTTPResponse response = problem(html, 405, PageWords.of(language), "method", "method_not_allowed");
        response.getHeaders().put("Allow", allow);
        return response;
    }

    /** An error answer: a short page, or {@code {errors:[{field:"", code, message}]}}. */
    private static APIGatewayV2HTTPResponse problem(boolean html, int status, PageWords w, String key, String code,
                                                    Object... arguments) {
        String title = w.get("error." + key + ".title");
        String text = w.has("error." + key) ? (arguments.length == 0 ? w.get("error." + key) : w.format("error." + key, arguments))
                : title;
        if (status != 503) log("manage.refused", "", code, status); // a 503 is logged with its cause where it is caught
        APIGatewayV2HTTPResponse response = html ? page(status, Pages.message(w, title, text))
                : json(status, CaseJson.errors(List.of(new FieldError("", code, text))));
        if (status == 503) response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        return response;
    }

    /** 303 See Other to a page beside this one (relative, so it works under any base path), with the shared headers. */
    private static APIGatewayV2HTTPResponse seeOther(String location) {
        Map<String, String> headers = HtmlHeaders.page(PageTemplates.CSS);
        headers.put("Location", location);
        return response(303, headers, "");
    }

    private static String encoded(String token) {
        return URLEncoder.encode(token == null ? "" : token, StandardCharsets.UTF_8);
    }

    /** The token is in the address: the shared headers (no caching, no referrer, no framing, no sniffing, CSP). */
    private static APIGatewayV2HTTPResponse page(int status, String html) {
        return response(status, HtmlHeaders.page(PageTemplates.CSS), html);
    }

    private static APIGatewayV2HTTPResponse json(int status, ObjectNode body) {
        return response(status, HtmlHeaders.json(), Json.write(body));
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    // ---- the request ----

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        String routeKey = event.getRouteKey();
        return routeKey != null && routeKey.contains(" ") ? routeKey.substring(0, routeKey.indexOf(' ')).toUpperCase(Locale.ROOT) : "";
    }

    /** The page and booking, from the path (so it also works behind a {@code $default} route or a base path). */
    private static Optional<Route> route(APIGatewayV2HTTPEvent event, String method) {
        String path = event.getRawPath();
        if (path == null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            path = event.getRequestContext().getHttp().getPath();
        }
        if (path == null) return Optional.empty();
        Matcher matcher = PATH.matcher(path);
        if (!matcher.matches()) return Optional.empty();
        Map<String, String> parameters = event.getPathParameters();
        String id = parameters != null && parameters.get("id") != null ? parameters.get("id") : matcher.group(1);
        if (!ID.matcher(id).matches()) return Optional.empty();
        Page page = Page.valueOf(matcher.group(2).toUpperCase(Locale.ROOT));
        return Optional.of(new Route(page, method, id));
    }

    private static String query(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        return parameters == null ? null : parameters.get(name);
    }

    /** Where the e-mails' links point: the configured address, else the host the request came to. */
    private String baseUrl(APIGatewayV2HTTPEvent event) {
        if (!publicBaseUrl.isEmpty()) return publicBaseUrl;
        String domain = event.getRequestContext() == null ? null : event.getRequestContext().getDomainName();
        return domain == null || domain.isBlank() ? "" : "https://" + domain;
    }

    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains("application/json") && !HttpBodies.prefersHtml(accept);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), FollowUpPlan.SWEDEN);
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    /**
     * One line per answer worth knowing of; the detail is an action name or code, cut to safe characters.
     * Without a booking id here, the line carries the request's ({@link LogContext}), if it has one.
     */
    private static void log(String event, String bookingId, String detail, int status) {
        Log line = status == 503 ? Log.error(event) : Log.info(event);
        if (!bookingId.isEmpty()) line.field("bookingId", bookingId);
        line.field("code", detail.replaceAll("[^A-Za-z0-9._-]", "")).field("status", status).write();
    }
}
