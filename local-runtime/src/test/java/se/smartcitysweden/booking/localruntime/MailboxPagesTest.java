package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;

class MailboxPagesTest {
    private static final String RAW = "From: a@example.org\r\nTo: b@example.org\r\nSubject: Hej\r\n\r\nText\r\n";

    /** moto's state endpoint with one accepted mail, counting how often it is read. */
    private static HttpServer emulatorWithOneMail(AtomicInteger looks) throws java.io.IOException {
        HttpServer emulator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        emulator.createContext("/moto-api/data.json", exchange -> {
            looks.incrementAndGet();
            byte[] state = ("{\"ses\":{\"RawMessage\":[{\"id\":\"m-1\",\"raw_data\":" + Json.MAPPER.writeValueAsString(RAW)
                    + "}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, state.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(state);
            }
        });
        emulator.start();
        return emulator;
    }
    /**
     * A look makes moto dump its whole state and holds its one thread: the mailbox looks only when a
     * page is asked for. A mail without a Date header shows when SES accepted it, as the event
     * destination saw the send, not when the page was first opened.
     */
    @Test
    void theMailboxReadsTheEmulatorOnlyForAPageAndDatesAMailByItsSend() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        HttpServer emulator = emulatorWithOneMail(looks);
        try (MailboxPages mailbox = new MailboxPages(URI.create("http://127.0.0.1:" + emulator.getAddress().getPort()),
                ZoneId.of("Europe/Stockholm"))) {
            SesEventDestination destination = new SesEventDestination(List.of(), "eu-north-1");
            Instant before = Instant.now();
            destination.record(new FaultInjectingProxy.Forwarded("POST", "/v2/email/outbound-emails",
                    ("{\"FromEmailAddress\":\"a@example.org\",\"Destination\":{\"ToAddresses\":[\"b@example.org\"]},"
                            + "\"Content\":{\"Raw\":{\"Data\":\"" + Base64.getEncoder().encodeToString(RAW.getBytes(StandardCharsets.UTF_8))
                            + "\"}}}").getBytes(StandardCharsets.UTF_8), 200, "{\"MessageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8)));
            mailbox.offerEvents(destination);
            Thread.sleep(300);
            assertEquals(0, looks.get(), "nothing asked, nothing read");

            List<MailboxPages.Entry> entries = mailbox.messages();
            assertEquals(1, looks.get());
            assertEquals(1, entries.size());
            Instant shown = entries.get(0).time();
            assertTrue(!shown.isBefore(before) && Duration.between(shown, Instant.now()).toMillis() >= 250,
                    "the send's time, not the page's: " + shown);
        } finally {
            emulator.stop(0);
        }
    }

    /**
     * A test waiting for a mail looks through the list and opens mail after mail: a mail the last read
     * numbered is shown without another dump of moto's state; the list, and a number not yet seen, read anew.
     */
    @Test
    void aMailAlreadyListedIsShownWithoutReadingTheEmulatorAgain() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        HttpServer emulator = emulatorWithOneMail(looks);
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (MailboxPages mailbox = new MailboxPages(URI.create("http://127.0.0.1:" + emulator.getAddress().getPort()),
                ZoneId.of("Europe/Stockholm"))) {
            pages.createContext(MailboxPages.PATH, mailbox);
            pages.start();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.Function<String, Integer> get = path -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + pages.getAddress().getPort() + path)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals(200, get.apply("/_local/mail"));
            assertEquals(1, looks.get());
            assertEquals(200, get.apply("/_local/mail/1"));
            assertEquals(200, get.apply("/_local/mail/1/raw"));
            assertEquals(1, looks.get(), "mail 1 was in the last read");
            assertEquals(404, get.apply("/_local/mail/2"));
            assertEquals(2, looks.get(), "mail 2 was not: read anew");
            assertEquals(200, get.apply("/_local/mail"));
            assertEquals(3, looks.get(), "the list always reads anew");
        } finally {
            pages.stop(0);
            emulator.stop(0);
        }
    }
}
