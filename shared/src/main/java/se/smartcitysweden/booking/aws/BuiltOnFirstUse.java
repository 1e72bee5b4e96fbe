package se.smartcitysweden.booking.aws;

import java.util.function.Supplier;

/**
 * A client built the first time it is used, once per container. For clients that only some paths
 * call (SES in the functions that show pages or often find nothing to send): the others do not pay
 * its cold start. SnapStart priming calls {@link #get()} so the snapshot holds it built.
 */
public final class BuiltOnFirstUse<T> implements Supplier<T> {
    private final Supplier<T> build;
    private T built;

    private BuiltOnFirstUse(Supplier<T> build) {
        this.build = build;
    }

    public static <T> BuiltOnFirstUse<T> of(Supplier<T> build) {
        return new BuiltOnFirstUse<>(build);
    }

    @Override
    public synchronized T get() {
        if (built == null) built = build.get();
        return built;
    }

    /** Whether it has been built (for the tests that check a path leaves it unbuilt). */
    public synchronized boolean isBuilt() {
        return built != null;
    }
}
