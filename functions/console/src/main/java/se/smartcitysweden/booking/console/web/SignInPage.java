package se.smartcitysweden.booking.console.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.validation.TextRules;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.web.HttpAnswer;

/**
 * Passwordless sign-in: {@code GET|POST /console/sign-in} (ask for a link), {@code GET|POST /console/sign-in/{token}}
 * (the link's page; its button uses the link up, so mail scanners that follow links change nothing) and
 * {@code POST /console/sign-out}.
 */
final class SignInPage {
    private final ConsoleService service;
    private final ConsoleWords words;
    private final String publicBaseUrl;
    private final Duration floor;

    SignInPage(ConsoleService service, ConsoleWords words, String publicBaseUrl, Duration floor) {
        this.service = service;
        this.words = words;
        this.publicBaseUrl = publicBaseUrl;
        this.floor = floor;
    }

    HttpAnswer show(ConsoleHttp.Visit visit) {
        Map<String, Object> view = visit.page(words, words.get("signin.title"), false);
        view.put("sent", visit.request().query("sent") != null);
        view.put("signedIn", visit.session().isPresent());
        view.put("minutes", words.format("signin.sent", 15));
        return ConsoleHttp.TEMPLATES.page(200, "signin", view);
    }

    /**
     * The same answer whether or not the address is in the directory, and at the same time. Only something that
     * is no e-mail address at all is named as such (that tells nothing about the directory).
     */
    HttpAnswer requestLink(ConsoleHttp.Visit visit) {
        String typed = visit.request().form().values().getOrDefault("email", "");
        if (!TextRules.isEmail(typed.strip().toLowerCase(java.util.Locale.ROOT))) {
            Map<String, Object> view = visit.page(words, words.get("signin.title"), false);
            view.put("email", typed.length() > 254 ? typed.substring(0, 254) : typed);
            view.put("emailError", words.get(typed.isBlank() ? "signin.error.empty" : "signin.error.email"));
            return ConsoleHttp.TEMPLATES.page(400, "signin", view);
        }
        try {
            service.requestSignIn(visit.request().form().values().getOrDefault("email", ""), visit.request().siteUrl(publicBaseUrl));
        } finally {
            waitUntil(visit.began() + floor.toNanos());
        }
        return ConsoleHttp.seeOther("/console/sign-in?sent=1");
    }

    HttpAnswer confirm(ConsoleHttp.Visit visit) {
        Map<String, Object> view = visit.page(words, words.get("confirm.title"), false);
        view.put("token", visit.request().pathParameter("token"));
        return ConsoleHttp.TEMPLATES.page(200, "confirm", view);
    }

    HttpAnswer signIn(ConsoleHttp.Visit visit) {
        Optional<ConsoleSessions.Session> session = service.signIn(visit.request().pathParameter("token"));
        if (session.isEmpty()) {
            Log.info("console.refused").field("code", "signin").field("status", 403).write();
            return ConsoleHttp.message(words, visit, 403, "linkRefused");
        }
        return ConsoleHttp.seeOther("/console", ConsoleHttp.cookie(ConsoleHttp.SESSION_COOKIE, service.sessions().cookieValue(session.get()),
                ConsoleSessions.SESSION.toSeconds()), ConsoleHttp.cookie(ConsoleHttp.PRE_COOKIE, "", 0));
    }

    HttpAnswer signOut(ConsoleHttp.Visit visit) {
        visit.session().ifPresent(service::signOut);
        return ConsoleHttp.seeOther("/console/sign-in", ConsoleHttp.cookie(ConsoleHttp.SESSION_COOKIE, "", 0));
    }

    private static void waitUntil(long nanoTime) {
        try {
            for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
                Thread.sleep(Duration.ofNanos(left).toMillis() + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
