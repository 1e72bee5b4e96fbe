package se.smartcitysweden.booking.selfservice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.validation.Countries;

/**
 * A participant list pasted from a spreadsheet: one person a line, the columns name, organisation, role, e-mail
 * and country, separated by tabs (as a spreadsheet copies cells) or semicolons (as Swedish Excel saves CSV).
 * A first line of column names is left out; a country may be a code or a name in Swedish or English. The rows
 * are read as typed: the booking form's rules then judge them, row by row, as any other row.
 */
public final class ParticipantPaste {
    /** Longest paste taken in: 200 people with every field full, with room to spare. */
    public static final int MAX_CHARACTERS = 200_000;
    private static final Set<String> HEADER_WORDS = Set.of("name", "namn", "full name", "participant", "deltagare");

    private ParticipantPaste() { }

    public static List<Participant> parse(String text) {
        List<Participant> rows = new ArrayList<>();
        if (text == null) return rows;
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            String[] cells = split(line, line.contains("\t") ? '\t' : ';');
            if (rows.isEmpty() && HEADER_WORDS.contains(cell(cells, 0).toLowerCase(Locale.ROOT))) continue;
            String country = cell(cells, 4);
            rows.add(new Participant(cell(cells, 0), cell(cells, 1), cell(cells, 2), cell(cells, 3),
                    Countries.code(country).orElse(country)));
        }
        return rows;
    }

    /** The cells of a line; a spreadsheet quotes a cell holding the separator ("Smith; Jones", "" for a quote). */
    private static String[] split(String line, char separator) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(new String[0]);
    }

    private static String cell(String[] cells, int index) {
        return index < cells.length ? cells[index].strip() : "";
    }
}
