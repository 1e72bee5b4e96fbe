package se.smartcitysweden.booking.intake;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import se.smartcitysweden.booking.domain.Node;

/**
 * Short references a coordinator can say on the phone, such as {@code UME-7K3QF}: the node's
 * letters and five characters from an alphabet without look-alikes (no 0/O, 1/I/L, U).
 */
public final class ReferenceGenerator {
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 5;
    private final RandomGenerator random;

    public ReferenceGenerator(RandomGenerator random) {
        this.random = random;
    }

    public static ReferenceGenerator secure() {
        return new ReferenceGenerator(new SecureRandom());
    }

    public String next(Node node) {
        StringBuilder reference = new StringBuilder(node.referencePrefix()).append('-');
        for (int i = 0; i < LENGTH; i++) {
            reference.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return reference.toString();
    }
}
