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
            Focus focus = done != null && ActionParser.ACTIONS.contains(done)
                    ? Focus.banner(pending ? "warning" : "success", Problems.doneText(w, "done." + done
                            + (done.equals("complete") && FollowUpPlan.noShow(c.workflow()) ? ".noShow" : ""), id)
                            + (pending ? " " + Problems.doneText(w, "done.noticePending", id) : ""))
                    : Focus.preselect(request.query("action"));
            return CoordinatorView.page(200, c, w, token, focus, context.now());
        });
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
        if (tree.isEmpty()) return invalid(html, w, current.bookingCase(), token, "", List.of(Messages.of(w.language()).error("", "invalid_json")), typed);
        String actionName = tree.get().path("action").isTextual() ? tree.get().path("action").textValue() : "";
        ActionParser.Parsed<CoordinatorAction> parsed = ActionParser.action(tree.get(), context.coordinatorLanguage(), context.today());
        if (!parsed.errors().isEmpty() || parsed.value().isEmpty()) {
            Problems.log("manage.action.invalid", id, actionName, 400);
            return invalid(html, w, current.bookingCase(), token, actionName, parsed.errors(), typed);
        }
        CoordinatorAction action = parsed.value().get();
        CaseService.Answer answer = service.act(id, token, action);
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
            return CoordinatorView.page(409, c, w, token, Focus.banner("error", text), context.now());
        }
        return Problems.refused(answer, html, request, context);
    }

    private HttpAnswer invalid(boolean html, PageWords w, BookingCase c, String token, String action, List<FieldError> errors,
                               Map<String, String> typed) {
        if (!html) return HttpAnswer.errors(400, errors);
        return CoordinatorView.page(400, c, w, token, Focus.invalid(action, errors, typed), context.now());
    }

    private String notAllowedText(PageWords w, BookingCase c, String action) {
        List<String> allowed = Transitions.allowedActions(c, context.now());
        String now = allowed.isEmpty() ? w.get("notAllowed.none")
                : w.format("notAllowed.allowed", allowed.stream().map(w::actionName).collect(Collectors.joining(", ")));
        return w.format("notAllowed", w.actionName(action), w.status(c.status())) + " " + now;
    }
}
