package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How often the mailbox reads the emulator's state, against a stand-in that takes moto's time to dump it. */
class MailboxPagesTest {
    @Test
    void givenFunctionsRunningAllTheTime_whenADumpIsSlow_thenTheMailboxLooksRarely() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        HttpServer emulator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        emulator.createContext("/moto-api/data.json", exchange -> {
            looks.incrementAndGet();
            try {
                Thread.sleep(300); // a busy moto's data.json
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] state = "{\"ses\":{\"RawMessage\":[]}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, state.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(state);
            }
        });
        emulator.start();
        try (MailboxPages mailbox = new MailboxPages(URI.create("http://127.0.0.1:" + emulator.getAddress().getPort()),
                ZoneId.of("Europe/Stockholm"))) {
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                mailbox.lookSoon(); // after every invocation
                Thread.sleep(50);
            }
        } finally {
            emulator.stop(0);
        }
        assertTrue(looks.get() >= 1, "it still looks");
        assertTrue(looks.get() <= 2, "a dump of 300 ms is followed by 3 s without one, not " + looks.get() + " dumps in 3 s");
    }
}
