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

    /** The template context of the privacy partials ({@code privacy.*.mustache}). */
    Map<String, Object> context(MailWords words) {
        return Map.of("label", words.get("privacy.notice"), "url", url(words.language()),
                "controller", words.format("privacy.controller", controller, dataProtectionContact));
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
