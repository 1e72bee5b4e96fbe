package se.smartcitysweden.booking.notification;

/** An e-mail address with an optional display name. */
public record Mailbox(String name, String address) {
    public static Mailbox of(String address) {
        return new Mailbox("", address);
    }
}
