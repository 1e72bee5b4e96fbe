package se.smartcitysweden.booking.manage;

import java.util.Map;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.web.HttpRequest;

/** "Write to us" on every visitor page: a mail to the host once the plan names one, else the node's coordinator, the reference in the subject. */
final class WriteToUs {
    private WriteToUs() { }

    static String address(PageContext context, HttpRequest request, BookingCase c) {
        String host = c.workflow().visit().map(v -> v.plan().hostEmail()).orElse("");
        return !host.isEmpty() ? host : context.services(request).nodeAddress(c.booking().node()).orElse(context.contactAddress());
    }

    /** Puts {@code writeTo} (the mailto link) in a page's view, when there is an address to write to. */
    static void put(Map<String, Object> view, PageContext context, HttpRequest request, BookingCase c, PageWords w) {
        String address = address(context, request, c);
        if (!address.isBlank()) view.put("writeTo", CaseMails.mailto(address, w.mail().format("write.topic", c.booking().reference())));
    }
}
