package se.smartcitysweden.booking.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mail provider's report that an e-mail sent earlier did not reach someone: a permanent
 * bounce (the address does not exist or refuses mail), a transient one (a full mailbox: the
 * provider retried already), or a complaint (the recipient marked it as spam).
 *
 * @param messageId  the provider's id of the e-mail, which makes a repeated report recognisable
 * @param bookingId  the booking the e-mail was about, from the tags it was sent with; empty for
 *                   e-mails about no single booking (the national digest)
 * @param recipients the addresses the report is about
 */
public record MailDeliveryProblem(Kind kind, String messageId, Optional<String> bookingId, List<String> recipients,
                                  Instant at) {
    /** DELIVERED is no problem: the provider's report that the e-mail reached the recipients' servers, for the timeline. */
    public enum Kind { PERMANENT_BOUNCE, TRANSIENT_BOUNCE, COMPLAINT, DELIVERED }

    public MailDeliveryProblem {
        recipients = List.copyOf(recipients);
    }
}
