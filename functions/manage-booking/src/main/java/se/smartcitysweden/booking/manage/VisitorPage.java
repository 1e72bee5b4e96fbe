package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.selfservice.VisitorAction;
import se.smartcitysweden.booking.selfservice.VisitorActionParser;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.workflow.CaseService;

/**
 * The visitor's own page, in the booking's language: {@code GET /bookings/{id}/visit} shows where the request
 * stands and the changes allowed now; {@code POST} makes one (participants, other dates, cancelling, erasing their
 * personal data). The post's body is decoded once and the booking read once: the change is made to the case the
 * link opened (read again only if another write came first).
 */
final class VisitorPage {
    private final PageContext context;

    VisitorPage(PageContext context) {
        this.context = context;
    }

    HttpAnswer show(HttpRequest request) {
        return Problems.afterChange(request, PageWords.of(request.language()), () -> {
            String id = request.pathParameter("id");
            VisitorService visitors = context.services(request).visitors();
            CaseService.Answer answer = visitors.show(id, request.query("token"));
            if (!(answer instanceof CaseService.Answer.Shown shown)) {
                return Problems.refused(answer, request.wantsHtml(), request, context);
            }
            BookingCase c = shown.bookingCase();
            if (!request.wantsHtml()) return HttpAnswer.json(200, state(visitors, c));
            PageWords w = PageWords.of(c.booking().language());
            String done = request.query("done");
            Focus focus = done != null && (VisitorActionParser.ACTIONS.contains(done) || done.equals("erase"))
                    ? Focus.banner("success", Problems.doneText(w, "visit.done." + done, id)) : Focus.none();
            return VisitorView.page(200, c, w, request.query("token"), focus, visitors, context.today(), writeTo(request, c));
        });
    }

    HttpAnswer change(HttpRequest request) {
        String id = request.pathParameter("id");
        String token = request.query("token");
        boolean html = request.wantsHtml();
        PageWords fallback = PageWords.of(request.language());
        ManageBookingHttp.ServiceSet services = context.services(request);
        VisitorService visitors = services.visitors();
        CaseService.Answer shown = visitors.show(id, token);
        if (!(shown instanceof CaseService.Answer.Shown current)) return Problems.refused(shown, html, request, context);
        BookingCase c = current.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        Optional<JsonNode> tree = request.tree();
        Map<String, String> typed = request.typed();
        if (tree.isEmpty()) {
            return invalid(request, html, c, w, token, "", List.of(Messages.of(w.language()).error("", "invalid_json")), typed, visitors);
        }
        String actionName = tree.get().path("action").isTextual() ? tree.get().path("action").textValue() : "";
        if (actionName.equals("erase") && tree.get().size() == 1) {
            // Erasure at the visitor's own request (GDPR, art. 17): done at once and recorded.
            CaseService.Answer erased = services.cases().eraseAtVisitorsRequest(c);
            if (!(erased instanceof CaseService.Answer.Changed done)) return Problems.refused(erased, html, request, context);
            return Problems.committed(request, html, w, "erase", "visit.done.erase", () -> {
                Problems.log("visit.action", id, "erase", 200);
                return html ? PageTemplates.seeOther("visit", token, "&done=erase")
                        : HttpAnswer.json(200, CaseJson.visitor(done.bookingCase(), List.of(), visitors.changeDeadline(done.bookingCase())));
            });
        }
        JsonNode body = tree.get();
        if (PastedList.applies(body)) {
            // A list pasted from a spreadsheet joins the rows; "read the list" shows them, with their errors, unsaved.
            PastedList pasted = PastedList.of(body, typed);
            body = pasted.tree();
            typed = pasted.typed();
            if (pasted.preview()) {
                ActionParser.Parsed<VisitorAction> checked = VisitorActionParser.parse(body, c.booking().request(), context.today(), visitors.minimumNotice());
                Problems.log("visit.participants.preview", id, "participants", 200);
                String read = w.format("visit.participants.read", pasted.pasted())
                        + (pasted.raisedExpected() ? " " + w.get("visit.participants.raised") : "")
                        + " " + w.get(checked.errors().isEmpty() ? "visit.participants.readOk" : "visit.participants.readErrors");
                if (!html) return checked.errors().isEmpty() ? HttpAnswer.json(200, state(visitors, c)) : HttpAnswer.errors(400, checked.errors());
                return VisitorView.page(200, c, w, token, new Focus("participants", checked.errors().isEmpty() ? "info" : "warning", read,
                        checked.errors(), typed), visitors, context.today());
            }
        }
        ActionParser.Parsed<VisitorAction> parsed = VisitorActionParser.parse(body, c.booking().request(), context.today(), visitors.minimumNotice());
        if (parsed.value().isEmpty()) {
            Problems.log("visit.action.invalid", id, actionName, 400);
            return invalid(request, html, c, w, token, actionName, parsed.errors(), typed, visitors);
        }
        VisitorAction action = parsed.value().get();
        CaseService.Answer answer = visitors.act(c, action);
        if (answer instanceof CaseService.Answer.Changed changed) {
            return Problems.committed(request, html, w, action.name(), "visit.done." + action.name(), () -> {
                Problems.log("visit.action", id, action.name(), 200);
                return html ? PageTemplates.seeOther("visit", token, "&done=" + action.name())
                        : HttpAnswer.json(200, state(visitors, changed.bookingCase()));
            });
        }
        if (answer instanceof CaseService.Answer.NotAllowed notAllowed) {
            BookingCase now = notAllowed.bookingCase();
            Problems.log("visit.action.conflict", id, action.name(), 409);
            String text = w.format("visit.notAllowed", w.get("visit." + action.name() + ".title"), w.visitorStatus(now.status()));
            if (!html) return HttpAnswer.errors(409, List.of(new FieldError("action", "not_allowed", text)));
            return VisitorView.page(409, now, w, token, Focus.banner("error", text), visitors, context.today(), writeTo(request, now));
        }
        return Problems.refused(answer, html, request, context);
    }

    /** Where "write to us" goes: the host once the plan names one, else the node's coordinator, else the contact address. */
    private String writeTo(HttpRequest request, BookingCase c) {
        return WriteToUs.address(context, request, c);
    }

    private HttpAnswer invalid(HttpRequest request, boolean html, BookingCase c, PageWords w, String token, String action, List<FieldError> errors,
                               Map<String, String> typed, VisitorService visitors) {
        if (!html) return HttpAnswer.errors(400, errors);
        return VisitorView.page(400, c, w, token, Focus.invalid(action, errors, typed), visitors, context.today(), writeTo(request, c));
    }

    /** What the page shows a script: status, the agreed visit, what the visitor may change now and until when, history. */
    private ObjectNode state(VisitorService visitors, BookingCase c) {
        return CaseJson.visitor(c, visitors.allowed(c, context.today()), visitors.changeDeadline(c));
    }
}
