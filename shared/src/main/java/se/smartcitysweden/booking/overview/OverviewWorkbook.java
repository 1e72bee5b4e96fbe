package se.smartcitysweden.booking.overview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The overview as an .xlsx workbook for analysis, written with fastexcel (a small streaming writer, no POI): a
 * sheet per breakdown, its caption above the table, and a sheet of the bookings with a frozen header row and an
 * autofilter. Numbers are number cells, days are date cells (yyyy-mm-dd), texts are text cells (which a spreadsheet
 * never evaluates), and nothing ({@link Section.Blank}) is an empty cell; columns are as wide as their longest
 * value (within limits).
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
            // The header stays in view while scrolling, and every column can be filtered and sorted.
            sheet.freezePane(0, 1);
            sheet.setAutoFilter(0, 0, Math.max(bookings.size(), 1), bookingsHead.size() - 1);
            sheet.finish();
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void table(Worksheet sheet, int top, List<String> head, List<List<Object>> rows) {
        int[] widths = new int[head.size()];
        for (int c = 0; c < head.size(); c++) {
            sheet.value(top, c, head.get(c));
            sheet.style(top, c).bold().set();
            widths[c] = head.get(c).length();
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                Object cell = row.get(c);
                int at = top + 1 + r;
                if (cell instanceof Section.Blank) continue;
                if (cell instanceof Number n) sheet.value(at, c, n);
                else if (cell instanceof Section.Percent p) {
                    sheet.value(at, c, p.fraction());
                    sheet.style(at, c).format("0%").set();
                }
                else if (cell instanceof LocalDate d) {
                    sheet.value(at, c, d);
                    sheet.style(at, c).format("yyyy-mm-dd").set();
                } else sheet.value(at, c, cell.toString());
                if (c < widths.length) widths[c] = Math.max(widths[c], cell instanceof LocalDate ? 10 : cell.toString().length());
            }
        }
        for (int c = 0; c < widths.length; c++) sheet.width(c, Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[c] + 2)));
    }

    /** Column widths in characters: readable, and a long organisation name does not push the rest out of sight. */
    private static final int MIN_WIDTH = 8, MAX_WIDTH = 40;

    /** Excel's rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
    private static String sheetName(String title, Set<String> taken) {
        String name = title.replaceAll("[:\\\\/?*\\[\\]]", " ");
        name = name.length() > 31 ? name.substring(0, 31) : name;
        String unique = name;
        for (int i = 2; !taken.add(unique.toLowerCase()); i++) unique = name.substring(0, Math.min(name.length(), 28)) + " " + i;
        return unique;
    }
}
