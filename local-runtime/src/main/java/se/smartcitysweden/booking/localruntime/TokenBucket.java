package se.smartcitysweden.booking.localruntime;

/** API Gateway's throttling of a route: a steady rate with a burst allowance (token bucket). */
final class TokenBucket {
    record Limits(double ratePerSecond, int burst) { }

    private final Limits limits;
    private double tokens;
    private long refilledAt = System.nanoTime();

    TokenBucket(Limits limits) {
        this.limits = limits;
        this.tokens = limits.burst();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(limits.burst(), tokens + (now - refilledAt) / 1e9 * limits.ratePerSecond());
        refilledAt = now;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
