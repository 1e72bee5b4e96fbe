package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server on its own pool of daemon threads, as the local API and Invoke API serve. */
final class LocalHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    /** Binds {@code address} (port 0 picks a free one); {@link #start()} starts serving {@code handler}. */
    LocalHttpServer(InetSocketAddress address, int threads, String threadName, HttpHandler handler) throws IOException {
        this.server = HttpServer.create(address, 128);
        AtomicInteger started = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, threadName + "-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
    }

    void start() { server.start(); }

    int port() { return server.getAddress().getPort(); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
