package se.smartcitysweden.booking.manage;

import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.workflow.CaseService;

/** {@code GET /bookings/{id}/calendar}: the confirmed visit as a calendar file, from the visitor's page. */
final class CalendarFile {
    private final PageContext context;

    CalendarFile(PageContext context) {
        this.context = context;
    }

    HttpAnswer download(HttpRequest request) {
        String id = request.pathParameter("id");
        String token = request.query("token");
        boolean html = request.wantsHtml();
        VisitorService visitors = context.services(request).visitors();
        CaseService.Answer shown = visitors.show(id, token);
        if (!(shown instanceof CaseService.Answer.Shown current)) return Problems.refused(shown, html, request, context);
        Optional<String> ics = visitors.calendar(id, token);
        PageWords w = PageWords.of(current.bookingCase().booking().language());
        if (ics.isEmpty()) {
            // A cancelled or declined request says so: "no calendar entry yet" would promise one.
            BookingStatus status = current.bookingCase().status();
            if (status == BookingStatus.CANCELLED) return Problems.problem(html, 404, w, "calendarCancelled", "not_found");
            if (status == BookingStatus.DECLINED) return Problems.problem(html, 404, w, "calendarDeclined", "not_found");
            return Problems.problem(html, 404, w, "noCalendar", "not_found");
        }
        return HttpAnswer.download("text/calendar; charset=utf-8", "visit-" + current.bookingCase().booking().reference() + ".ics", ics.get());
    }
}
