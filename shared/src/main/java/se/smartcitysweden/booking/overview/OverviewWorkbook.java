package se.smartcitysweden.booking.overview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The overview as an .xlsx workbook, written with fastexcel (a small streaming writer, no POI): a
 * sheet per breakdown, its caption above the table, and a sheet of the bookings. Numbers are
 * number cells; texts are text cells, which a spreadsheet never evaluates.
 */
final class OverviewWorkbook {
    private OverviewWorkbook() { }

    static byte[] write(List<Section> sections, String bookingsName, List<String> bookingsHead, List<List<Object>> bookings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Smart City Sweden", "1.0");
            Set<String> names = new HashSet<>();
            for (Section s : sections) {
                Worksheet sheet = workbook.newWorksheet(sheetName(s.title(), names));
                sheet.value(0, 0, s.caption().isEmpty() ? s.title() : s.title() + ". " + s.caption());
                table(sheet, 2, s.head(), s.rows());
                sheet.finish();
            }
            Worksheet sheet = workbook.newWorksheet(sheetName(bookingsName, names));
            table(sheet, 0, bookingsHead, bookings);
            sheet.finish();
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void table(Worksheet sheet, int top, List<String> head, List<List<Object>> rows) {
        for (int c = 0; c < head.size(); c++) {
            sheet.value(top, c, head.get(c));
            sheet.style(top, c).bold().set();
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                Object cell = row.get(c);
                if (cell instanceof Number n) sheet.value(top + 1 + r, c, n);
                else sheet.value(top + 1 + r, c, cell.toString());
            }
        }
    }

    /** Excel's rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
    private static String sheetName(String title, Set<String> taken) {
        String name = title.replaceAll("[:\\\\/?*\\[\\]]", " ");
        name = name.length() > 31 ? name.substring(0, 31) : name;
        String unique = name;
        for (int i = 2; !taken.add(unique.toLowerCase()); i++) unique = name.substring(0, Math.min(name.length(), 28)) + " " + i;
        return unique;
    }
}
