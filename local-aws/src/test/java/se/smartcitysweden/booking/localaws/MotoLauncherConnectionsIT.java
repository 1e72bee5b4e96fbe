package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * moto through moto_launcher.py keeps a connection open after an answer (werkzeug alone closes every one), as
 * AWS's endpoints do: the SDK's clients send their next call on it. Each request's body is read whole before
 * the next request is read, whether or not moto reads it; a chunked body, whose end only moto would find,
 * still closes the connection after its answer.
 */
class MotoLauncherConnectionsIT {
    private static final URI ENDPOINT = LocalAws.shared().moto().endpoint();
    private static final String LIST_TABLES = "{}";

    @Test
    void givenTwoCallsOnOneConnection_thenBothAreAnswered_andTheConnectionStaysOpen() throws IOException {
        try (Socket socket = connect()) {
            Answer first = send(socket, post("/", LIST_TABLES));
            Answer second = send(socket, post("/", LIST_TABLES));
            assertTrue(first.body.contains("TableNames") || first.status == 403, first.toString());
            assertEquals(first.status, second.status, second.toString());
            assertFalse(first.closes(), first.toString());
        }
    }

    @Test
    void givenABodyMotoDoesNotRead_thenTheNextRequestOnTheConnectionIsStillReadAsARequest() throws IOException {
        try (Socket socket = connect()) {
            String unread = "x".repeat(5_000);
            Answer health = send(socket, "GET /moto-api/ HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: " + unread.length()
                    + "\r\n\r\n" + unread);
            Answer next = send(socket, post("/", LIST_TABLES));
            assertEquals(200, health.status, health.toString());
            assertTrue(next.status == 200 || next.status == 403, next.toString());
            assertTrue(next.body.startsWith("{") || next.body.startsWith("<"), "an AWS answer, not a parse error: " + next);
        }
    }

    @Test
    void givenAChunkedBody_thenItIsAnswered_andTheConnectionIsClosed() throws IOException {
        try (Socket socket = connect()) {
            Answer answer = send(socket, "POST / HTTP/1.1\r\nHost: " + host() + "\r\n" + DYNAMODB_HEADERS
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
            assertTrue(answer.status == 200 || answer.status == 403, answer.toString());
            assertTrue(answer.closes(), answer.toString());
        }
    }

    private static final String DYNAMODB_HEADERS = "X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=test/20261207/eu-north-1/dynamodb/aws4_request, "
            + "SignedHeaders=host, Signature=00\r\n";

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: " + host() + "\r\n" + DYNAMODB_HEADERS + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String host() {
        return ENDPOINT.getHost() + ":" + ENDPOINT.getPort();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(ENDPOINT.getHost(), ENDPOINT.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private record Answer(int status, String headers, String body) {
        boolean closes() {
            return headers.toLowerCase(Locale.ROOT).contains("\nconnection: close");
        }
    }

    /** Sends one request and reads its answer (a Content-Length or a chunked body). */
    private static Answer send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readUntil(in, "\r\n\r\n");
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        String body;
        int length = lower.indexOf("\ncontent-length:");
        if (length >= 0) {
            int n = Integer.parseInt(lower.substring(length + 16, lower.indexOf('\r', length)).strip());
            body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        } else if (lower.contains("\ntransfer-encoding: chunked")) {
            StringBuilder chunks = new StringBuilder();
            for (int size; (size = Integer.parseInt(readUntil(in, "\r\n").strip(), 16)) > 0; ) {
                chunks.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                readUntil(in, "\r\n");
            }
            readUntil(in, "\r\n");
            body = chunks.toString();
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(status, head, body);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) throw new IOException("the connection closed after: " + read);
            read.write(b);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
