package se.smartcitysweden.booking.port;

/** An e-mail address with an optional display name. */
public record Mailbox(String name, String address) {
    public static Mailbox of(String address) {
        return new Mailbox("", address);
    }

    /** The system's own From: the deployment's sender address under the organisation's name. */
    public static Mailbox sender(String address) {
        return new Mailbox("Smart City Sweden", address);
    }
}
