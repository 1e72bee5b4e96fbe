package se.smartcitysweden.booking.localaws;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code moto_server} process: the local AWS that tests and the local runtime talk to over
 * HTTP with the real SDK clients. Started on a free port; stopped when closed. It runs through
 * {@code moto_launcher.py} (beside this class), which takes out moto's copy of a whole table on every
 * transaction and its directory listing on every request; moto as installed when that Python cannot import moto.
 */
public final class MotoServer implements AutoCloseable {
    public static final String INSTALL_HINT =
            "moto_server is not on the PATH. Install it with: pip install 'moto[server]>=5.1' "
            + "(or point AWS_ENDPOINT_URL at another emulator such as LocalStack).";

    static {
        // FaultInjectingProxy passes the signed Host header on (moto checks signatures with IAM on);
        // HttpURLConnection reads this once, at its first use, which is usually here.
        System.setProperty("sun.net.http.allowRestrictedHeaders", "true");
    }

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts moto on a port of 127.0.0.1 that it is given by the system as it binds ({@code -p 0}),
     * read from its first lines, and waits until it answers. (A port found free beforehand may be
     * taken by another test's emulator before moto binds it, moto would then exit, and the other
     * emulator would answer in its place: tests running at the same time would share one.)
     */
    public static MotoServer start() {
        return start(0);
    }

    /** Starts moto on {@code port} (0: any free port) of 127.0.0.1 and waits until it answers. */
    public static MotoServer start(int port) {
        String motoServer = findOnPath("moto_server");
        MotoServer launched = launch(List.of(pythonOf(motoServer), launcher().toString()), port);
        return launched != null ? launched : launch(List.of(motoServer), port);
    }

    /**
     * Starts {@code moto_server} as installed, without the launcher's changes: for the tests of what the
     * local stack does about the races moto has on its own (a table copied back when a transaction is
     * cancelled), which other emulators may have too.
     */
    public static MotoServer startAsInstalled() {
        return launch(List.of(findOnPath("moto_server")), 0);
    }

    /** Starts {@code command} with moto's arguments; null when it is the launcher and this Python has no moto. */
    private static MotoServer launch(List<String> command, int port) {
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            List<String> arguments = new ArrayList<>(command);
            arguments.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
            Process process = new ProcessBuilder(arguments)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                int bound = port != 0 ? port : boundPort(process, log, Duration.ofSeconds(30));
                MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + bound), log);
                server.awaitReady(Duration.ofSeconds(30));
                return server;
            } catch (IllegalStateException exited) {
                if (command.size() > 1 && !process.isAlive() && process.exitValue() == MOTO_NOT_IMPORTABLE) return null;
                throw exited;
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server: " + e.getMessage(), e);
        }
    }

    /** The launcher's exit status when its Python cannot import moto. */
    private static final int MOTO_NOT_IMPORTABLE = 3;

    /**
     * The Python that runs {@code moto_server}: its script's {@code #!} line when that names a Python
     * (pip's and pipx's scripts), else {@code python3} on the PATH (pyenv's shims are shell scripts).
     */
    static String pythonOf(String motoServer) {
        try (java.io.BufferedReader script = Files.newBufferedReader(Path.of(motoServer), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String first = script.readLine();
            if (first != null && first.startsWith("#!") && first.contains("python") && !first.contains(" ")) {
                return first.substring(2).trim();
            }
        } catch (IOException unreadable) {
            // then python3, as for a shim
        }
        return "python3";
    }

    /** moto_launcher.py (this module's resource) in a file of its own, written once per JVM. */
    private static synchronized Path launcher() {
        if (launcherFile == null) {
            try (java.io.InputStream source = MotoServer.class.getResourceAsStream("moto_launcher.py")) {
                Path file = Files.createTempFile("moto_launcher-", ".py");
                file.toFile().deleteOnExit();
                Files.write(file, source.readAllBytes());
                launcherFile = file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write moto_launcher.py", e);
            }
        }
        return launcherFile;
    }

    private static Path launcherFile;

    private static final java.util.regex.Pattern RUNNING_ON =
            java.util.regex.Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");

    /** The port moto says it bound ("Running on http://127.0.0.1:PORT", werkzeug's line). */
    private static int boundPort(Process process, Path log, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            java.util.regex.Matcher running = RUNNING_ON.matcher(Files.readString(log));
            if (running.find()) return Integer.parseInt(running.group(1));
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with status " + process.exitValue() + "; see " + log);
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server named no port within " + timeout + "; see " + log);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** What moto_server printed: the launcher's lines about what it left unchanged, tracebacks, non-2xx requests. */
    public Path log() {
        return log;
    }

    /** Clears every service's state (tables, identities, sent mail) in a few milliseconds. */
    public void reset() {
        request("POST", "/moto-api/reset");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            // moto exits at once when the port is taken: check our own process before polling.
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with status " + process.exitValue()
                        + "; see " + log);
            }
            try {
                if (request("GET", "/moto-api/") == 200) return;
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + timeout + "; see " + log);
    }

    private int request(String method, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(10_000);
            int status = connection.getResponseCode();
            connection.getInputStream().readAllBytes();
            return status;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A port free now, for a server that a test or a script starts after this returns. Taken at random below
     * the range the system hands out for port 0 and for outgoing connections ({@link #ephemeralPortsFrom()}):
     * a port of that range found free is handed to the next socket that asks, and a browser run's API port
     * was once taken so by its own runtime's DynamoDB proxy before the API bound it. Chosen at random, so
     * that runs starting at the same moment seldom pick the same port; checked by binding it.
     */
    public static int freePort() {
        int ephemeralFrom = ephemeralPortsFrom();
        int from = Math.max(1024, ephemeralFrom - 20_000);
        if (ephemeralFrom - from < 1_000) return anyFreePort(); // the system hands out (almost) every port
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int tries = 0; tries < 100; tries++) {
            int port = random.nextInt(from, ephemeralFrom);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // in use: another
            }
        }
        return anyFreePort();
    }

    /**
     * The first port of the range the system hands out for port 0 and outgoing connections: Linux's
     * {@code net.ipv4.ip_local_port_range} (32768 by default); elsewhere IANA's 49152 (macOS, Windows).
     */
    static int ephemeralPortsFrom() {
        // Read line by line: Files.readString gets one byte of this file, whose size /proc gives as 0.
        try (BufferedReader range = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 49_152;
        }
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) return candidate.getPath();
        }
        throw new IllegalStateException(INSTALL_HINT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
