package se.smartcitysweden.booking.manage;

import java.util.Optional;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.VisitDefaults;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
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
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.NewLinks;
import se.smartcitysweden.booking.observability.Log;
import java.util.function.Function;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.workflow.CoordinatorAction;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.web.Routes;

/**
 * The routes of the booking e-mails' links: the coordinator's page and actions, the visitor's feedback, own page,
 * calendar file and impact survey. Every request needs the link's token; a refused token changes nothing and
 * reveals nothing, and a GET never changes anything (mail scanners follow links).
 */
final class ManageBookingHttp {
    /** The services for the base URL their e-mail links are made from. */
    interface Services {
        ServiceSet forBaseUrl(String baseUrl);
    }

    /** The coordinator's cases, the visitor's self-service and new links for refused ones, sharing one store and clock. */
    record ServiceSet(CaseService cases, VisitorService visitors, NewLinks newLinks, CoordinatorDirectory directory) {
        /** Without a directory (tests): plans start empty, "write to us" goes to the page's contact address. */
        ServiceSet(CaseService cases, VisitorService visitors, NewLinks newLinks) {
            this(cases, visitors, newLinks, null);
        }

        /** The node's usual visit, which a new visit's plan starts from. */
        VisitDefaults visitDefaults(Node node) {
            return directory == null ? VisitDefaults.NONE : directory.visitDefaults(node);
        }

        /** Where the visitor's "write to us" goes when the plan names no host: the node's first coordinator. */
        Optional<String> nodeAddress(Node node) {
            return directory == null || directory.coordinators(node).isEmpty() ? Optional.empty()
                    : Optional.of(directory.coordinators(node).get(0).address());
        }
    }

    private final Language coordinatorLanguage;
    final Routes routes;

    ManageBookingHttp(Services services, String publicBaseUrl, Language coordinatorLanguage, Clock clock) {
        this(services, publicBaseUrl, coordinatorLanguage, "", clock);
    }

    /** @param contactAddress the address a refused link's page names (the national office's), or empty */
    ManageBookingHttp(Services services, String publicBaseUrl, Language coordinatorLanguage, String contactAddress, Clock clock) {
        this.coordinatorLanguage = coordinatorLanguage;
        PageContext context = new PageContext(services, publicBaseUrl, coordinatorLanguage, contactAddress, clock);
        CoordinatorPage coordinator = new CoordinatorPage(context);
        FeedbackPage feedback = new FeedbackPage(context);
        VisitorPage visitor = new VisitorPage(context);
        CalendarFile calendar = new CalendarFile(context);
        ImpactPage impact = new ImpactPage(context);
        NewLinkPage newLink = new NewLinkPage(context);
        this.routes = new Routes("manage", this::refused)
                .get("/bookings/{id}/manage", about(coordinator::show))
                .post("/bookings/{id}/actions", about(readable(coordinator::act)))
                .get("/bookings/{id}/feedback", about(feedback::show))
                .post("/bookings/{id}/feedback", about(readable(feedback::send)))
                .get("/bookings/{id}/visit", about(visitor::show))
                .post("/bookings/{id}/visit", about(readable(visitor::change)))
                .get("/bookings/{id}/calendar", about(calendar::download))
                .get("/bookings/{id}/impact", about(impact::show))
                .post("/bookings/{id}/impact", about(readable(impact::answer)))
                .post("/bookings/{id}/new-link", about(readable(newLink::send)));
    }

    /** Every line of the request is about its booking. */
    private static Function<HttpRequest, HttpAnswer> about(Function<HttpRequest, HttpAnswer> page) {
        return request -> {
            LogContext.bookingId(request.pathParameter("id"));
            return page.apply(request);
        };
    }

    /** A post's body of another type, too large or not UTF-8 is refused before its link is looked at. */
    private Function<HttpRequest, HttpAnswer> readable(Function<HttpRequest, HttpAnswer> page) {
        // The impact survey is a page only.
        return request -> Problems.unreadable(request, request.wantsHtml() || request.path().matches(".*/(impact|new-link)/?"),
                words(request)).orElseGet(() -> page.apply(request));
    }

    /** The coordinator's pages answer in the coordinators' language; the visitor's, before the booking is read, in the browser's. */
    private PageWords words(HttpRequest request) {
        return PageWords.of(request.path().matches(".*/(manage|actions)/?") ? coordinatorLanguage : request.language());
    }

    private HttpAnswer refused(HttpRequest request, Routes.Refusal refusal) {
        PageWords w = refusal == Routes.Refusal.NOT_FOUND ? PageWords.of(coordinatorLanguage) : words(request);
        boolean html = request.wantsHtml();
        return switch (refusal) {
            case NOT_FOUND -> Problems.problem(html, 404, w, "notFound", "not_found");
            case METHOD_NOT_ALLOWED -> Problems.problem(html, 405, w, "method", "method_not_allowed");
            case UNAVAILABLE -> Problems.problem(html, 503, w, "unavailable", "unavailable");
        };
    }
}
