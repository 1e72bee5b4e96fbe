package se.smartcitysweden.booking.overview;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.smartcitysweden.booking.web.Renderer;

/**
 * Lays the sections out as the template {@code overview.html.mustache} draws them: bars as SVG
 * rectangles whose sizes are computed here, colours as attributes (no inline styles, so a strict
 * content security policy needs no exception), every value escaped by the template.
 */
final class OverviewPage {
    private static final Renderer TEMPLATES = new Renderer("/se/smartcitysweden/booking/overview/");
    private static final String CSS = TEMPLATES.read("overview.css");
    /** Colours that keep a 3:1 contrast to white, one per series (node). */
    private static final String[] COLOURS = {"#1f5f8b", "#b35900", "#2e7d32", "#8e24aa", "#c62828", "#00695c"};
    private static final int WIDTH = 760, LABEL = 230, AREA = 440, ROW = 24, BAR = 16, LEGEND = 26;

    private OverviewPage() { }

    static String render(Map<String, Object> context) {
        return TEMPLATES.html("overview", context);
    }

    static String css() {
        return CSS;
    }

    static Map<String, Object> section(Section s, OverviewWords w) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", s.id());
        m.put("title", s.title());
        m.put("caption", s.caption());
        // Its own name: the section around it is a region named by the same title (axe: landmark-unique).
        m.put("tableLabel", w.get("tableLabel", s.title()));
        m.put("head", s.head());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : s.rows()) {
            rows.add(Map.of("name", text(row.get(0), w),
                    "cells", row.subList(1, row.size()).stream().map(c -> text(c, w)).toList()));
        }
        m.put("rows", rows);
        m.putAll(chart(s.chart(), w));
        return m;
    }

    private static Map<String, Object> chart(Section.Chart chart, OverviewWords w) {
        int top = chart.series().isEmpty() ? 4 : LEGEND + 4;
        double max = 0;
        for (Section.Bar bar : chart.bars()) {
            double total = 0;
            for (double v : bar.values()) total = chart.overlay() ? Math.max(total, v) : total + v;
            max = Math.max(max, total);
        }
        double scale = max == 0 ? 0 : AREA / max;
        List<Map<String, Object>> bars = new ArrayList<>();
        int y = top;
        for (Section.Bar bar : chart.bars()) {
            List<Map<String, Object>> segments = new ArrayList<>();
            double x = 0, end = 0;
            for (int i = 0; i < bar.values().size(); i++) {
                double width = bar.values().get(i) * scale;
                double start = chart.overlay() ? 0 : x;
                if (width > 0) {
                    segments.add(Map.of("x", num(LABEL + start), "y", y, "w", num(width), "h", BAR,
                            "fill", COLOURS[i % COLOURS.length]));
                }
                x += width;
                end = Math.max(end, start + width);
            }
            bars.add(Map.of("label", bar.label(), "labelX", LABEL - 6, "textY", y + BAR - 3, "segments", segments,
                    "value", value(bar, chart.overlay(), w), "valueX", num(LABEL + end + 4)));
            y += ROW;
        }
        List<Map<String, Object>> legend = new ArrayList<>();
        int lx = LABEL;
        for (int i = 0; i < chart.series().size(); i++) {
            String name = chart.series().get(i);
            legend.add(Map.of("x", lx, "textX", lx + 16, "fill", COLOURS[i % COLOURS.length], "name", name));
            lx += 24 + 8 * name.length();
        }
        Map<String, Object> m = new HashMap<>();
        m.put("width", WIDTH);
        m.put("height", y + 4);
        m.put("bars", bars);
        m.put("legend", legend);
        m.put("hasLegend", !legend.isEmpty());
        return m;
    }

    /** The number written after a bar: its total, or for an overlay each value, front first ("12 / 40"). */
    private static String value(Section.Bar bar, boolean overlay, OverviewWords w) {
        if (overlay) {
            List<String> values = new ArrayList<>();
            for (int i = bar.values().size() - 1; i >= 0; i--) values.add(text(bar.values().get(i), w));
            return String.join(" / ", values);
        }
        double total = bar.values().stream().mapToDouble(Double::doubleValue).sum();
        return text(total == Math.rint(total) ? (Object) (long) total : (Object) total, w);
    }

    /** Whole numbers as they are, hours with one decimal in the language's way ("1,5" in Swedish). */
    static String text(Object cell, OverviewWords w) {
        return cell instanceof Double d ? BookingsExport.decimal(d, w) : cell.toString();
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
