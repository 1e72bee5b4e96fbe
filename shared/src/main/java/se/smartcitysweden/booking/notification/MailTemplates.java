package se.smartcitysweden.booking.notification;

import java.util.Map;
import se.smartcitysweden.booking.web.Renderer;

/** The e-mail templates (from this package's resources), on the one renderer: HTML escapes every value, text nothing. */
public final class MailTemplates {
    private static final Renderer TEMPLATES = new Renderer("/se/smartcitysweden/booking/notification/");

    private MailTemplates() { }

    public static String html(String name, Map<String, Object> context) {
        return TEMPLATES.html(name, context);
    }

    public static String text(String name, Map<String, Object> context) {
        return TEMPLATES.text(name, context);
    }
}
