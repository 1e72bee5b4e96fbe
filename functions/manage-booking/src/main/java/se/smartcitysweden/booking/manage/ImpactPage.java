package se.smartcitysweden.booking.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.PersonalData;

/**
 * The impact survey, 6 and 12 months after the visit (HTML only): {@code GET /bookings/{id}/impact} shows the
 * questions of the round now open, filled with an earlier answer; {@code POST} records the answer.
 */
final class ImpactPage {
    private final PageContext context;

    ImpactPage(PageContext context) {
        this.context = context;
    }

    HttpAnswer show(HttpRequest request) {
        // The thanks after an answer that was stored never turns into "nothing was changed".
        return Problems.afterChange(request, PageWords.of(request.language()), () -> shown(request));
    }

    private HttpAnswer shown(HttpRequest request) {
        CaseService.Answer answer = context.services(request).cases().show(request.pathParameter("id"), request.query("token"),
                LinkSigner.Purpose.IMPACT);
        if (!(answer instanceof CaseService.Answer.Shown shown)) return Problems.refused(answer, true, request, context);
        BookingCase c = shown.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        Optional<Integer> round = Impact.openRound(c.workflow());
        if (round.isEmpty() || PersonalData.isAnonymised(c.workflow())) return closed(w);
        if (request.query("done") != null && Impact.answers(c.workflow()).containsKey(round.get())) {
            return PageTemplates.message(200, w, w.get("impact.thanks.title"), w.get("impact.thanks"));
        }
        return page(200, c, round.get(), w, request.query("token"), List.of(), Map.of(), writeTo(request, c));
    }

    HttpAnswer answer(HttpRequest request) {
        String id = request.pathParameter("id");
        String token = request.query("token");
        PageWords fallback = PageWords.of(request.language());
        CaseService cases = context.services(request).cases();
        CaseService.Answer shown = cases.show(id, token, LinkSigner.Purpose.IMPACT);
        if (!(shown instanceof CaseService.Answer.Shown current)) return Problems.refused(shown, true, request, context);
        BookingCase c = current.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        Optional<Integer> round = Impact.openRound(c.workflow());
        if (round.isEmpty() || PersonalData.isAnonymised(c.workflow())) return closed(w);
        Map<String, String> typed = request.typed();
        ImpactSurvey survey = ImpactSurvey.of(typed, w);
        if (!survey.valid()) {
            Problems.log("impact.invalid", id, "impact", 400);
            return page(400, c, round.get(), w, token, survey.errors(), typed, writeTo(request, c));
        }
        CaseService.Answer answer = cases.impact(id, token, survey.contacts(), survey.deals(), survey.collaborations(),
                survey.policy(), survey.note());
        if (answer instanceof CaseService.Answer.Changed) {
            return Problems.committed(request, true, w, "impact", "impact.thanks.title", () -> {
                Problems.log("impact", id, "impact", 303);
                // Post/redirect/get: a reload of the thank-you page repeats nothing.
                return PageTemplates.seeOther("impact", token, "&done=1");
            });
        }
        if (answer instanceof CaseService.Answer.NotAllowed) return Problems.problem(true, 409, w, "unavailable", "conflict");
        return Problems.refused(answer, true, request, context);
    }

    private static HttpAnswer closed(PageWords w) {
        return PageTemplates.message(409, w, w.get("impact.title"), w.get("impact.closed"));
    }

    /** The survey of {@code months} (6 or 12), filled with the earlier answer or what was typed. */
    private static HttpAnswer page(int status, BookingCase c, int months, PageWords w, String token, List<FieldError> errors,
                                   Map<String, String> typed, String writeTo) {
        Booking b = c.booking();
        Map<String, Object> view = w.page(w.get("impact.title"));
        view.put("kicker", w.format("feedback.kicker", b.node().city()));
        view.put("intro", w.format("impact.intro", months, b.node().city(), b.reference()));
        view.put("token", PageTemplates.encoded(token));
        Optional<Impact> earlier = Optional.ofNullable(Impact.answers(c.workflow()).get(months));
        HistoryView.impactAnswered(c, months).ifPresent(at -> view.put("already", w.format("impact.already", w.dateTime(at))));
        List<Map<String, Object>> questions = new ArrayList<>();
        for (String name : ImpactSurvey.QUESTIONS) {
            String value = typed.getOrDefault(name, earlier.map(a -> ImpactSurvey.answer(a, name) ? "yes" : "no").orElse(""));
            questions.add(Map.of("name", name, "legend", w.get("impact." + name), "yes", value.equals("yes"), "no", value.equals("no")));
        }
        view.put("questions", questions);
        view.put("note", typed.getOrDefault("note", earlier.map(Impact::note).orElse("")));
        view.put("errors", w.errors(errors));
        view.put("hasErrors", !errors.isEmpty());
        if (!writeTo.isBlank()) view.put("writeTo", writeTo);
        return PageTemplates.page(status, "impact", view);
    }

    /** "Write to us", the reference in the subject. */
    private String writeTo(HttpRequest request, BookingCase c) {
        String address = WriteToUs.address(context, request, c);
        return address.isBlank() ? "" : se.smartcitysweden.booking.notification.CaseMails.mailto(address,
                PageWords.of(c.booking().language()).mail().format("write.topic", c.booking().reference()));
    }
}
