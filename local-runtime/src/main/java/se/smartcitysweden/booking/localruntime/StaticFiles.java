package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the files of one folder (the repository's {@code web/}) for GET and HEAD: {@code /} is
 * {@code index.html}, a folder is its {@code index.html}, content types follow the extension.
 * Nothing outside the folder is ever served: {@code ..} segments, encoded or not, NUL bytes and
 * symbolic links leading out are refused.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("map", "application/json"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("pdf", "application/pdf"), Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("wasm", "application/wasm"));

    private final Path root;

    public StaticFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    public boolean exists() { return Files.isDirectory(root); }

    /** Answers the request from the folder; false (nothing sent) when there is no such file. */
    public boolean serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) return false;
        Path file = resolve(exchange.getRequestURI().getRawPath());
        if (file == null) return false;
        if (Files.isDirectory(file)) {
            String rawPath = exchange.getRequestURI().getRawPath();
            if (!rawPath.endsWith("/")) {
                exchange.getResponseHeaders().set("Location", rawPath + "/");
                exchange.sendResponseHeaders(301, -1);
                return true;
            }
            file = file.resolve("index.html");
            if (!inside(file)) return false;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) return false;
        long size = Files.size(file);
        exchange.getResponseHeaders().set("Content-Type", contentType(file));
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Files.getLastModifiedTime(file).toInstant().atZone(java.time.ZoneOffset.UTC)));
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
            exchange.sendResponseHeaders(200, -1);
            return true;
        }
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        if (size > 0) {
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
        return true;
    }

    /** The file a request path names, or null when it is not one inside the folder. */
    Path resolve(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || !exists()) return null;
        Path file = root;
        for (String rawSegment : HttpApiRoutes.segmentsOf(rawPath)) {
            String segment = HttpApiRoutes.decode(rawSegment);
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..") || segment.contains("/") || segment.contains("\\") || segment.indexOf('\0') >= 0
                    || segment.contains(":")) {
                return null;
            }
            file = file.resolve(segment);
        }
        return inside(file) ? file : null;
    }

    /** Inside the folder also after following symbolic links. */
    private boolean inside(Path file) {
        Path normalized = file.normalize();
        if (!normalized.startsWith(root)) return false;
        if (!Files.exists(normalized, LinkOption.NOFOLLOW_LINKS)) return true;
        try {
            return normalized.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
