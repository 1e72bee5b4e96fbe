package se.smartcitysweden.booking.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV that Swedish Excel opens as columns by a double click: UTF-8 with a byte order mark, semicolons,
 * CRLF, and no cell a spreadsheet would evaluate (a text starting with =, +, - or @ gets an apostrophe).
 * The console's exports and the coordinator's participant list both write it.
 */
public final class ExcelCsv {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ExcelCsv() { }

    /** The lines (the first one the heading), each a list of cells, as the file's bytes. */
    public static byte[] of(List<List<String>> lines) {
        StringBuilder text = new StringBuilder();
        for (List<String> cells : lines) {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) text.append(';');
                text.append(cell(cells.get(i)));
            }
            text.append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Inert (no formula) and quoted when it holds a separator, a quote or a line break. */
    public static String cell(String value) {
        String inert = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (inert.indexOf(';') < 0 && inert.indexOf('"') < 0 && inert.indexOf('\n') < 0 && inert.indexOf('\r') < 0) return inert;
        return '"' + inert.replace("\"", "\"\"") + '"';
    }
}
