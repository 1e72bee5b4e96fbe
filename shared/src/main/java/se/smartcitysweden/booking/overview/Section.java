package se.smartcitysweden.booking.overview;

import java.util.List;

/**
 * One breakdown of the overview: its table (cells are texts or numbers, the first cell of a row
 * names it) and the chart drawn from it. The page, the workbook and the tests read the same table.
 */
record Section(String id, String title, String caption, List<String> head, List<List<Object>> rows, Chart chart) {

    Section {
        head = List.copyOf(head);
        rows = List.copyOf(rows);
    }

    /**
     * Bars with one value per series: stacked side by side, or (overlay) drawn over each other
     * from zero, the first series behind, as a 90th percentile behind its median.
     */
    record Chart(List<String> series, List<Bar> bars, boolean overlay) { }

    record Bar(String label, List<Double> values) { }

    /** A share of a whole (0 to 1): "42 %" on the page, a number cell formatted as a percentage in a workbook. */
    record Percent(double fraction) {
        @Override
        public String toString() {
            return Math.round(100 * fraction) + " %";
        }
    }

    /** A cell with nothing to show (no answer to take a median of, no rating to average): "–", a blank cell in a workbook. */
    enum Blank {
        NONE;

        @Override
        public String toString() {
            return "–";
        }
    }
}
