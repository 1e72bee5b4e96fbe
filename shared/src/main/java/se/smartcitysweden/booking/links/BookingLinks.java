package se.smartcitysweden.booking.links;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;

/**
 * The links e-mails carry: {@code <base>/bookings/<id>/manage?token=…} for the coordinator's
 * actions, {@code <base>/bookings/<id>/feedback?token=…} for the visitor's feedback and
 * {@code <base>/bookings/<id>/visit?token=…} for the visitor's own page.
 * A link lives until some months after the last preferred date, so it still works when the
 * visit is followed up; later e-mails carry fresh links.
 */
public final class BookingLinks {
    private static final Duration AFTER_VISIT = Duration.ofDays(120);
    private final String baseUrl;
    private final LinkSigner signer;
    private final String formUrl;

    public BookingLinks(String baseUrl, LinkSigner signer) {
        this(baseUrl, signer, "");
    }

    private BookingLinks(String baseUrl, LinkSigner signer, String formUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.signer = signer;
        this.formUrl = formUrl == null ? "" : formUrl.strip();
    }

    /**
     * The same links, and the booking form's national page at {@code formUrl} (BOOKING_FORM_URL: the page the
     * deployment hosts, or the network's own site; the API itself serves no form). Empty: no form to link.
     */
    public BookingLinks withBookingForm(String formUrl) {
        return new BookingLinks(baseUrl, signer, formUrl);
    }

    public String manage(Booking booking, Instant now) {
        return link(booking, LinkSigner.Purpose.MANAGE, "manage", null, now, "");
    }

    /**
     * The manage page for one person (the console's signed-in person, {@code by} their keyed hash):
     * what they do through it is recorded under their name.
     */
    public String manage(Booking booking, Instant now, String by) {
        return link(booking, LinkSigner.Purpose.MANAGE, "manage", null, now, by != null && by.matches("[0-9a-f]{32}") ? by : "");
    }

    public String feedback(Booking booking, Instant now) {
        return link(booking, LinkSigner.Purpose.FEEDBACK, "feedback", now);
    }

    /** The impact survey, sent months after the visit: the link lives from the moment it is sent. */
    public String impact(Booking booking, Instant now) {
        return link(booking, LinkSigner.Purpose.IMPACT, "impact", now);
    }

    /** The visitor's own page: status, history, programme, calendar and changes (see selfservice). */
    public String visitor(Booking booking, Instant now) {
        return visitor(booking, null, now);
    }

    /** The visitor's page, living past an agreed last day that may lie after every preferred date. */
    public String visitor(Booking booking, LocalDate visitEnd, Instant now) {
        return link(booking, LinkSigner.Purpose.VISITOR, "visit", visitEnd, now);
    }

    private String link(Booking booking, LinkSigner.Purpose purpose, String page, Instant now) {
        return link(booking, purpose, page, null, now, "");
    }

    private String link(Booking booking, LinkSigner.Purpose purpose, String page, LocalDate visitEnd, Instant now) {
        return link(booking, purpose, page, visitEnd, now, "");
    }

    private String link(Booking booking, LinkSigner.Purpose purpose, String page, LocalDate visitEnd, Instant now, String by) {
        LocalDate lastDay = booking.request().preferredDates().stream().map(DateRange::to).max(LocalDate::compareTo)
                .orElse(LocalDate.ofInstant(now, Booking.SWEDISH_TIME));
        if (visitEnd != null && visitEnd.isAfter(lastDay)) lastDay = visitEnd;
        Instant expires = lastDay.atStartOfDay(Booking.SWEDISH_TIME).toInstant().plus(AFTER_VISIT);
        if (expires.isBefore(now.plus(AFTER_VISIT))) expires = now.plus(AFTER_VISIT);
        String token = signer.sign(new LinkSigner.Claims(purpose, booking.id(), booking.node(), expires, by));
        return baseUrl + "/bookings/" + booking.id() + "/" + page + "?token=" + token;
    }

    /**
     * The booking form, to ask again, with the booking's node and language chosen (the form reads {@code node}
     * and {@code lang} from the query of its national page, where the place is a choice); empty when the
     * deployment names no form page.
     */
    public java.util.Optional<String> bookingForm(Booking booking) {
        if (formUrl.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(formUrl + (formUrl.contains("?") ? "&" : "?") + "node=" + booking.node().id()
                + "&lang=" + booking.language().code());
    }

    /** The links' base URL, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public LinkSigner signer() {
        return signer;
    }
}
