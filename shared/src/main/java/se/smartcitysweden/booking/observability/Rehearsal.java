package se.smartcitysweden.booking.observability;

/**
 * Work that only rehearses a real path: SnapStart priming runs a function's entry on clients that
 * answer locally, so nothing was stored or sent, and its logs and metrics (a "MailSent" count, a
 * booking's log line) must not reach CloudWatch. While it runs on this thread, {@link Log} and
 * {@link Metrics} build their lines as usual (so that code is primed too) but do not write them.
 */
public final class Rehearsal {
    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** The rehearsed work. */
    public interface Work {
        void run() throws Exception;
    }

    private Rehearsal() { }

    public static void run(Work work) throws Exception {
        ACTIVE.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            ACTIVE.set(Boolean.FALSE);
        }
    }

    static boolean active() {
        return ACTIVE.get();
    }
}
