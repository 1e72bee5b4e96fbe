package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.workflow.CoordinatorAction;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.workflow.Transitions;

/**
 * The coordinator's page, in the coordinators' language: {@code GET /bookings/{id}/manage} shows the booking and a
 * form for each action allowed now; {@code POST /bookings/{id}/actions} applies one. A browser's successful post
 * is answered 303 See Other to the page showing the result (post/redirect/get); a script gets the case as JSON.
 */
final class CoordinatorPage {
    private final PageContext context;
    /** What the page does beside the workflow's actions (see {@link #aside}). */
    static final List<String> ASIDE = List.of("who", "note", "assign");

    CoordinatorPage(PageContext context) {
        this.context = context;
    }

    HttpAnswer show(HttpRequest request) {
        PageWords w = PageWords.of(context.coordinatorLanguage());
        return Problems.afterChange(request, w, () -> {
            String id = request.pathParameter("id");
            String token = request.query("token");
            CaseService.Answer answer = context.services(request).cases().show(id, token, LinkSigner.Purpose.MANAGE);
            if (!(answer instanceof CaseService.Answer.Shown shown)) return Problems.refused(answer, request.wantsHtml(), request, context);
            BookingCase c = shown.bookingCase();
            // The participant list as a spreadsheet (badges, lunch): the same link, asked for as CSV.
            if ("csv".equals(request.query("format"))) {
                Problems.log("manage.participants.csv", id, "csv", 200);
                return ParticipantsCsv.answer(c, w);
            }
            if (!request.wantsHtml()) return HttpAnswer.json(200, CaseJson.state(c, context.now()));
            // After post/redirect/get: the action's result, shown by a GET that changes nothing when reloaded.
            String done = request.query("done");
            boolean pending = request.query("pending") != null;
            Focus focus = done != null && (ActionParser.ACTIONS.contains(done) || ASIDE.contains(done))
                    ? Focus.banner(pending ? "warning" : "success", Problems.doneText(w, "done." + done
                            + (done.equals("complete") && FollowUpPlan.noShow(c.workflow()) ? ".noShow" : ""), id)
                            + (pending ? " " + Problems.doneText(w, "done.noticePending", id) : ""))
                    : Focus.preselect(request.query("action"));
            return CoordinatorView.page(200, c, w, token, focus, context.now(), staff(request, id, token, c), defaults(request, c));
        });
    }

    /** The browser's answer to "who are you?" (an address of the node's list), remembered for a year. */
    static final String WHO_COOKIE = "scs_manage_who";

    /** The address this browser said it acts for, or empty. */
    static String declared(HttpRequest request) {
        String value = request.cookie(WHO_COOKIE);
        if (value == null || value.isEmpty() || value.length() > 400) return "";
        try {
            return new String(java.util.Base64.getUrlDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    private static String whoCookie(String address) {
        String value = address.isEmpty() ? "" : java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(address.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // Lax: the page is opened from a mail (another site); the cookie says nothing secret, only whom to name.
        return WHO_COOKIE + "=" + value + "; Max-Age=" + (address.isEmpty() ? 0 : 31_536_000)
                + "; Path=/bookings; Secure; HttpOnly; SameSite=Lax";
    }

    /** Who acts on this page and who could, for the page's "who are you?" and its assignment. */
    private CoordinatorView.Staff staff(HttpRequest request, String id, String token, BookingCase c) {
        CaseService service = context.services(request).cases();
        String declared = declared(request);
        return new CoordinatorView.Staff(service.actor(id, token, declared).orElse(se.smartcitysweden.booking.domain.Actor.coordinator(c.booking().node())),
                service.linkNamesPerson(id, token), service.staff(c.booking().node()), service.mails(id));
    }

    /** True when the body has only the action and these fields (an unknown field is refused, as the actions do). */
    private static boolean fieldsOnly(JsonNode tree, String... fields) {
        java.util.Set<String> allowed = new java.util.HashSet<>(List.of(fields));
        allowed.add("action");
        java.util.Iterator<String> names = tree.fieldNames();
        while (names.hasNext()) {
            if (!allowed.contains(names.next())) return false;
        }
        return true;
    }

    /** A note or an assignment stored (303 to the page saying so), or refused. */
    private HttpAnswer asideDone(HttpRequest request, boolean html, PageWords w, String token, String name, CaseService.Answer answer) {
        String id = request.pathParameter("id");
        if (answer instanceof CaseService.Answer.Changed changed) {
            Problems.log("manage." + name, id, name, 200);
            return html ? PageTemplates.seeOther("manage", token, "&done=" + name)
                    : HttpAnswer.json(200, CaseJson.state(changed.bookingCase(), context.now()));
        }
        if (answer instanceof CaseService.Answer.NotAllowed notAllowed) {
            Problems.log("manage." + name + ".conflict", id, name, 409);
            String text = w.get("notAllowed." + name);
            BookingCase c = notAllowed.bookingCase();
            if (!html) return HttpAnswer.json(409, CaseJson.notAllowed(c, new FieldError("action", "not_allowed", text), context.now()));
            return CoordinatorView.page(409, c, w, token, Focus.banner("error", text), context.now(), staff(request, id, token, c));
        }
        return Problems.refused(answer, html, request, context);
    }

    /**
     * What is not a step of the booking's life: who acts ("who"), an internal note ("note"), the
     * assignment to a coordinator ("assign"); empty for the workflow's actions.
     */
    private Optional<HttpAnswer> aside(HttpRequest request, String actionName, JsonNode tree, BookingCase current, String token,
                                       boolean html, PageWords w, Map<String, String> typed) {
        String id = current.booking().id();
        CaseService service = context.services(request).cases();
        switch (actionName) {
            case "who" -> {
                String person = tree.path("person").asText("").strip();
                if (!person.isEmpty() && service.staff(current.booking().node()).stream().noneMatch(a -> a.email().equalsIgnoreCase(person))) {
                    return Optional.of(invalid(html, w, current, token, "who", List.of(new FieldError("person", "unknown_person",
                            w.get("who.unknown"))), typed, request));
                }
                Problems.log("manage.who", id, "who", 200);
                HttpAnswer answer = html ? PageTemplates.seeOther("manage", token, "&done=who")
                        : HttpAnswer.json(200, CaseJson.state(current, context.now()));
                return Optional.of(answer.withCookie(whoCookie(person)));
            }
            case "note" -> {
                List<FieldError> errors = new java.util.ArrayList<>();
                if (!fieldsOnly(tree, "note")) errors.add(Messages.of(w.language()).error("", "invalid_json"));
                String text = se.smartcitysweden.booking.validation.FreeText.read(tree, "note", CaseService.MAX_NOTE, true,
                        Messages.of(w.language()), errors);
                if (!errors.isEmpty()) {
                    Problems.log("manage.note.invalid", id, "note", 400);
                    return Optional.of(invalid(html, w, current, token, "note", errors, typed, request));
                }
                return Optional.of(asideDone(request, html, w, token, "note", service.note(id, token, text, declared(request))));
            }
            case "assign" -> {
                String person = tree.path("person").asText("").strip();
                if (!fieldsOnly(tree, "person") || !person.isEmpty()
                        && service.staff(current.booking().node()).stream().noneMatch(a -> a.email().equalsIgnoreCase(person))) {
                    Problems.log("manage.assign.invalid", id, "assign", 400);
                    return Optional.of(invalid(html, w, current, token, "assign", List.of(new FieldError("person", "unknown_person",
                            w.get("who.unknown"))), typed, request));
                }
                return Optional.of(asideDone(request, html, w, token, "assign", service.assign(id, token, person, declared(request))));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    HttpAnswer act(HttpRequest request) {
        String id = request.pathParameter("id");
        String token = request.query("token");
        boolean html = request.wantsHtml();
        PageWords w = PageWords.of(context.coordinatorLanguage());
        CaseService service = context.services(request).cases();
        CaseService.Answer shown = service.show(id, token, LinkSigner.Purpose.MANAGE);
        if (!(shown instanceof CaseService.Answer.Shown current)) return Problems.refused(shown, html, request, context);
        Optional<JsonNode> tree = request.tree();
        Map<String, String> typed = request.typed();
        if (tree.isEmpty()) return invalid(html, w, current.bookingCase(), token, "", List.of(Messages.of(w.language()).error("", "invalid_json")), typed, request);
        String actionName = tree.get().path("action").isTextual() ? tree.get().path("action").textValue() : "";
        Optional<HttpAnswer> aside = aside(request, actionName, tree.get(), current.bookingCase(), token, html, w, typed);
        if (aside.isPresent()) return aside.get();
        ActionParser.Parsed<CoordinatorAction> parsed = ActionParser.action(tree.get(), context.coordinatorLanguage(), context.today());
        if (!parsed.errors().isEmpty() || parsed.value().isEmpty()) {
            Problems.log("manage.action.invalid", id, actionName, 400);
            return invalid(html, w, current.bookingCase(), token, actionName, parsed.errors(), typed, request);
        }
        CoordinatorAction action = parsed.value().get();
        CaseService.Answer answer = service.act(id, token, action, declared(request));
        if (answer instanceof CaseService.Answer.Changed changed) {
            BookingCase c = changed.bookingCase();
            return Problems.committed(request, html, w, action.name(), "done." + action.name(), () -> {
                Problems.log("manage.action", id, action.name(), 200);
                if (!html) return HttpAnswer.json(200, CaseJson.state(c, context.now()));
                boolean noticePending = FollowUpPlan.noticeKey(c).filter(key -> !c.workflow().followUpsSent().containsKey(key))
                        .isPresent() && !List.of("acknowledge", "complete", "record-outcome").contains(action.name());
                // Post/redirect/get: a reload of the result page repeats nothing.
                return PageTemplates.seeOther("manage", token, "&done=" + action.name() + (noticePending ? "&pending=1" : ""));
            });
        }
        if (answer instanceof CaseService.Answer.NotAllowed notAllowed) {
            BookingCase c = notAllowed.bookingCase();
            Problems.log("manage.action.conflict", id, action.name(), 409);
            String text = notAllowedText(w, c, action.name());
            if (!html) return HttpAnswer.json(409, CaseJson.notAllowed(c, new FieldError("action", "not_allowed", text), context.now()));
            return CoordinatorView.page(409, c, w, token, Focus.banner("error", text), context.now(), staff(request, id, token, c));
        }
        return Problems.refused(answer, html, request, context);
    }

    private se.smartcitysweden.booking.domain.VisitDefaults defaults(HttpRequest request, BookingCase c) {
        return context.services(request).visitDefaults(c.booking().node());
    }

    private HttpAnswer invalid(boolean html, PageWords w, BookingCase c, String token, String action, List<FieldError> errors,
                               Map<String, String> typed, HttpRequest request) {
        if (!html) return HttpAnswer.errors(400, errors);
        return CoordinatorView.page(400, c, w, token, Focus.invalid(action, errors, typed), context.now(),
                staff(request, c.booking().id(), token, c), defaults(request, c));
    }

    private String notAllowedText(PageWords w, BookingCase c, String action) {
        List<String> allowed = Transitions.allowedActions(c, context.now());
        String now = allowed.isEmpty() ? w.get("notAllowed.none")
                : w.format("notAllowed.allowed", allowed.stream().map(w::actionName).collect(Collectors.joining(", ")));
        return w.format("notAllowed", w.actionName(action), w.status(c.status())) + " " + now;
    }
}
