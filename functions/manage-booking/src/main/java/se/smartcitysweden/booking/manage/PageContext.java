package se.smartcitysweden.booking.manage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.domain.FollowUpPlan;

/** What every page of this function works with: the services, the coordinators' language, the contact address and the clock. */
record PageContext(ManageBookingHttp.Services services, String publicBaseUrl, Language coordinatorLanguage, String contactAddress,
                   Clock clock) {
    /** The services whose e-mails link to the address the request came to (unless one is configured). */
    ManageBookingHttp.ServiceSet services(HttpRequest request) {
        return services.forBaseUrl(request.siteUrl(publicBaseUrl));
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), FollowUpPlan.SWEDEN);
    }
}
