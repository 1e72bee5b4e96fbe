package se.smartcitysweden.booking.overview;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads an .xlsx back the plain way, from its zipped XML, as a spreadsheet would: sheets, rows, cells. */
final class XlsxReader {
    private final Map<String, Document> parts;
    private final List<String> strings = new ArrayList<>();

    private XlsxReader(Map<String, Document> parts) {
        this.parts = parts;
        Document shared = parts.get("xl/sharedStrings.xml");
        if (shared != null) {
            NodeList items = shared.getElementsByTagName("si");
            for (int i = 0; i < items.getLength(); i++) strings.add(items.item(i).getTextContent());
        }
    }

    static XlsxReader read(byte[] xlsx) throws Exception {
        Map<String, Document> parts = new HashMap<>();
        // Through the central directory, as spreadsheets read it (entries carry their sizes after the data).
        Path file = Files.createTempFile("overview", ".xlsx");
        try (ZipFile zip = new ZipFile(Files.write(file, xlsx).toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().endsWith(".xml")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        parts.put(e.getName(), DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in));
                    }
                }
            }
        } finally {
            Files.delete(file);
        }
        return new XlsxReader(parts);
    }

    List<String> sheetNames() {
        NodeList sheets = parts.get("xl/workbook.xml").getElementsByTagName("sheet");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sheets.getLength(); i++) names.add(((Element) sheets.item(i)).getAttribute("name"));
        return names;
    }

    /** The sheet's rows, cells as their shown text, empty rows kept so that row numbers hold. */
    List<List<String>> sheet(int index) {
        NodeList rows = parts.get("xl/worksheets/sheet" + (index + 1) + ".xml").getElementsByTagName("row");
        List<List<String>> result = new ArrayList<>();
        for (int r = 0; r < rows.getLength(); r++) {
            Element row = (Element) rows.item(r);
            int number = Integer.parseInt(row.getAttribute("r"));
            while (result.size() < number - 1) result.add(List.of());
            List<String> cells = new ArrayList<>();
            NodeList cs = row.getElementsByTagName("c");
            for (int c = 0; c < cs.getLength(); c++) {
                Element cell = (Element) cs.item(c);
                int column = cell.getAttribute("r").replaceAll("[0-9]", "").charAt(0) - 'A';
                while (cells.size() < column) cells.add("");
                String type = cell.getAttribute("t");
                String value = cell.getElementsByTagName("v").getLength() > 0 ? cell.getElementsByTagName("v").item(0).getTextContent()
                        : cell.getTextContent();
                cells.add(type.equals("s") ? strings.get(Integer.parseInt(value)) : value);
            }
            result.add(cells);
        }
        return result;
    }

    /** A part of the package as XML (a sheet's is {@code xl/worksheets/sheet<n>.xml}). */
    Document part(String name) {
        return parts.get(name);
    }

    boolean hasFormula() {
        return parts.entrySet().stream().anyMatch(e -> e.getKey().startsWith("xl/worksheets/")
                && e.getValue().getElementsByTagName("f").getLength() > 0);
    }
}
