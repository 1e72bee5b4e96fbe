package se.smartcitysweden.booking.manage;

import java.time.Clock;
import java.util.function.Function;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.web.Routes;
import se.smartcitysweden.booking.workflow.CaseService;

/**
 * The routes of the booking e-mails' links: the coordinator's page and actions, the visitor's feedback, own page,
 * calendar file and impact survey. Every request needs the link's token; a refused token changes nothing and
 * reveals nothing, and a GET never changes anything (mail scanners follow links). The coordinator's pages answer in
 * the coordinators' language, the visitor's in the booking's (before it is known, in the browser's).
 */
final class ManageBookingHttp {
    /** The services for the base URL their e-mail links are made from. */
    interface Services {
        ServiceSet forBaseUrl(String baseUrl);
    }

    /** The coordinator's cases and the visitor's self-service, sharing one store and clock. */
    record ServiceSet(CaseService cases, VisitorService visitors) { }

    private final Language coordinatorLanguage;
    final Routes routes;

    ManageBookingHttp(Services services, String publicBaseUrl, Language coordinatorLanguage, Clock clock) {
        this.coordinatorLanguage = coordinatorLanguage;
        PageContext context = new PageContext(services, publicBaseUrl, coordinatorLanguage, clock);
        CoordinatorPage coordinator = new CoordinatorPage(context);
        FeedbackPage feedback = new FeedbackPage(context);
        VisitorPage visitor = new VisitorPage(context);
        CalendarFile calendar = new CalendarFile(context);
        ImpactPage impact = new ImpactPage(context);
        this.routes = new Routes("manage", this::refused)
                .get("/bookings/{id}/manage", about(coordinator::show))
                .post("/bookings/{id}/actions", about(coordinator::act))
                .get("/bookings/{id}/feedback", about(feedback::show))
                .post("/bookings/{id}/feedback", about(feedback::send))
                .get("/bookings/{id}/visit", about(visitor::show))
                .post("/bookings/{id}/visit", about(visitor::change))
                .get("/bookings/{id}/calendar", about(calendar::download))
                .get("/bookings/{id}/impact", about(impact::show))
                .post("/bookings/{id}/impact", about(impact::answer));
    }

    HttpAnswer handle(HttpRequest request) {
        return routes.answer(request);
    }

    /** Every line of the request is about its booking. */
    private static Function<HttpRequest, HttpAnswer> about(Function<HttpRequest, HttpAnswer> page) {
        return request -> {
            LogContext.bookingId(request.pathParameter("id"));
            return page.apply(request);
        };
    }

    private HttpAnswer refused(HttpRequest request, Routes.Refusal refusal) {
        boolean visitors = refusal != Routes.Refusal.NOT_FOUND && !request.path().matches(".*/(manage|actions)/?");
        PageWords w = PageWords.of(visitors ? request.language() : coordinatorLanguage);
        boolean html = request.wantsHtml();
        return switch (refusal) {
            case NOT_FOUND -> Problems.problem(html, 404, w, "notFound", "not_found");
            case METHOD_NOT_ALLOWED -> Problems.problem(html, 405, w, "method", "method_not_allowed");
            case UNAVAILABLE -> Problems.problem(html, 503, w, "unavailable", "unavailable");
        };
    }
}
