package se.smartcitysweden.booking.notification;

import java.util.Map;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.links.BookingLinks;

/**
 * What every e-mail says about personal data: a link to the public privacy notice, the data
 * controller and its data protection contact. Deployment parameters, read from the environment
 * ({@code PRIVACY_URL}, {@code DATA_CONTROLLER}, {@code DATA_PROTECTION_CONTACT}); an unset one
 * takes its default (the form's {@code privacy.html} beside the links' base URL).
 */
public record PrivacyNotice(String url, String controller, String dataProtectionContact) {
    public static final String DEFAULT_CONTROLLER =
            "IVL Swedish Environmental Research Institute, Box 210 60, 100 31 Stockholm, Sweden";
    public static final String DEFAULT_DATA_PROTECTION_CONTACT =
            "Data protection officer, IVL, Box 210 60, 100 31 Stockholm, Sweden";

    public static PrivacyNotice defaults(BookingLinks links) {
        return new PrivacyNotice(links.baseUrl() + "/privacy.html", DEFAULT_CONTROLLER, DEFAULT_DATA_PROTECTION_CONTACT);
    }

    public static PrivacyNotice fromEnvironment(Map<String, String> env, BookingLinks links) {
        PrivacyNotice defaults = defaults(links);
        return new PrivacyNotice(or(env.get("PRIVACY_URL"), defaults.url), or(env.get("DATA_CONTROLLER"), defaults.controller),
                or(env.get("DATA_PROTECTION_CONTACT"), defaults.dataProtectionContact));
    }

    /** The notice in the reader's language: privacy.html holds both, as sections #sv and #en. */
    public String url(Language language) {
        return url.contains("#") ? url : url + "#" + language.code();
    }

    /**
     * The template context of the privacy partials ({@code privacy.*.mustache}), in the reader's language: the
     * defaults are named in it ({@code privacy.controller.default}, {@code privacy.contact.default}); a deployment's
     * own values are shown as given.
     */
    Map<String, Object> context(MailWords words) {
        return Map.of("label", words.get("privacy.notice"), "url", url(words.language()),
                "controller", words.format("privacy.controller", controller(words), dataProtectionContact(words)));
    }

    /** The controller as the mail names it, in its language when it is the default. */
    String controller(MailWords words) {
        return controller.equals(DEFAULT_CONTROLLER) ? words.get("privacy.controller.default") : controller;
    }

    /** The data protection contact as the mail names it, in its language when it is the default. */
    String dataProtectionContact(MailWords words) {
        return dataProtectionContact.equals(DEFAULT_DATA_PROTECTION_CONTACT) ? words.get("privacy.contact.default")
                : dataProtectionContact;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
