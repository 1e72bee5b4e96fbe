package se.smartcitysweden.booking.port;

import se.smartcitysweden.booking.domain.Principal;

/** Sends the console's one-time sign-in link; failures are the mailer's to log (the answer to the browser is the same). */
public interface SignInMailer {
    void send(String address, String link, Principal principal);
}
