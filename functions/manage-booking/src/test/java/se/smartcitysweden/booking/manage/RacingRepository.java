package se.smartcitysweden.booking.manage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import se.smartcitysweden.booking.port.BookingCaseRepository;

/**
 * The real DynamoDB repository, with two things added for the concurrency tests:
 * <ul>
 * <li>the first saves of {@code racers} requests wait for each other, so every racer has read
 *     the case (the same version) before any of them writes: the race is certain, not likely;</li>
 * <li>saves go to the emulator one at a time. DynamoDB evaluates a conditional write atomically
 *     per item; moto_server serves requests on threads without locking its tables, so two
 *     conditional writes arriving together could both pass there. The condition is still moto's.</li>
 * </ul>
 * A dynamic proxy, so that methods the port gains later pass straight through.
 */
final class RacingRepository {
    private RacingRepository() { }

    static BookingCaseRepository around(BookingCaseRepository store, int racers) {
        CountDownLatch allLoaded = new CountDownLatch(racers);
        ReentrantLock oneWriteAtATime = new ReentrantLock();
        return (BookingCaseRepository) Proxy.newProxyInstance(BookingCaseRepository.class.getClassLoader(),
                new Class<?>[] {BookingCaseRepository.class}, (proxy, method, arguments) -> {
                    boolean save = method.getName().equals("save");
                    if (save) {
                        allLoaded.countDown();
                        if (!allLoaded.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("a racer never wrote");
                        oneWriteAtATime.lock();
                    }
                    try {
                        return method.invoke(store, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (save) oneWriteAtATime.unlock();
                    }
                });
    }
}
