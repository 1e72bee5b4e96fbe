package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import se.smartcitysweden.booking.web.Renderer;

/** The local pages' HTML: escaping, and answers with headers that keep the pages to themselves. */
final class Html {
    /** Styles only; no scripts, no forms, frames only from srcdoc. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
            + "form-action 'none'; base-uri 'none'; frame-ancestors 'self'";

    private Html() { }

    /** Text for an element's content or a quoted attribute value: escaped as the functions' templates escape it. */
    static String escape(String text) {
        return Renderer.escape(text);
    }

    static void send(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpExchanges.send(exchange, status, html.getBytes(StandardCharsets.UTF_8));
    }

    /** A whole page around {@code body} (already HTML). */
    static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>\n"
                + body + "\n</body></html>\n";
    }

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f5f6f8}
            header,main{padding:12px 24px}
            header{border-bottom:1px solid #dde1e6;background:#fff}
            main{max-width:1280px}
            header h1{font-size:20px;margin:4px 0}
            header p{margin:2px 0;color:#555}
            a{color:#0b5cad}
            table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.06)}
            th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid #e6e8eb}
            th{background:#eef1f4;font-weight:600;font-size:13px}
            td.num,td.time{white-space:nowrap}
            td.subject{width:30%}
            td.subject a{font-weight:600;text-decoration:none}
            td.address{font-size:14px;overflow-wrap:break-word}
            .muted{color:#666}
            .empty{padding:30px;background:#fff;text-align:center;color:#555}
            dl.headers{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;background:#fff;padding:12px 16px;margin:0;border:1px solid #dde1e6}
            dl.headers dt{font-weight:600;color:#555}
            dl.headers dd{margin:0;word-break:break-word}
            h2{font-size:16px;margin:22px 0 8px}
            iframe.html{width:100%;height:70vh;min-height:420px;border:1px solid #dde1e6;background:#fff;resize:vertical}
            pre.text{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #dde1e6;padding:12px 16px;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace}
            nav{margin:6px 0 12px}
            nav a{margin-right:14px}
            ul.attachments{background:#fff;border:1px solid #dde1e6;padding:10px 30px;margin:0}
            """;
}
