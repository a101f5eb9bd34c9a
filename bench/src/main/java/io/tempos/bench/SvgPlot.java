package io.tempos.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What the report's SVG charts share: a logarithmic latency axis, its ticks, labelled reference lines. */
final class SvgPlot {

    /** Vertical room per label when the labels of close reference lines stack. */
    private static final int LABEL_SPACING = 12;

    private SvgPlot() {
    }

    /** A horizontal reference line across a chart, e.g. the relay's p50 or a value of the paper. */
    record Line(String label, double us, String color, String dash) {
    }

    /**
     * A log10 axis from {@code low} µs, drawn at {@code bottomY}, to {@code high} µs, drawn at
     * {@code topY} (SVG y grows downwards).
     */
    record LogAxis(double low, double high, double bottomY, double topY) {

        /** The decades that hold {@code lowest}..{@code highest} µs (at least 1 µs). */
        static LogAxis spanning(double lowest, double highest, double bottomY, double topY) {
            double low = Math.pow(10, Math.floor(Math.log10(Math.max(1, lowest))));
            double high = Math.pow(10, Math.ceil(Math.log10(Math.max(low * 10, highest * 1.01))));
            return new LogAxis(low, high, bottomY, topY);
        }

        double y(double us) {
            double clamped = Math.min(Math.max(us, low), high);
            double fraction = (Math.log10(clamped) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
            return bottomY - fraction * (bottomY - topY);
        }

        /** A grid line and a label per decade, from {@code left} to {@code right}. */
        String ticks(int left, int right) {
            StringBuilder s = new StringBuilder();
            for (double tick = low; tick <= high * 1.001; tick *= 10) {
                double y = y(tick);
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", left, right, y, y))
                        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4,
                                tickLabel(tick)));
            }
            return s.toString();
        }
    }

    /** Lines across from {@code left} to {@code right}, labelled right of the plot; labels of close lines stack. */
    static String referenceLines(List<Line> lines, LogAxis axis, int left, int right) {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingDouble(line -> axis.y(line.us())));
        StringBuilder s = new StringBuilder();
        double labelY = Double.NEGATIVE_INFINITY;
        for (Line line : sorted) {
            double y = axis.y(line.us());
            labelY = Math.max(y + 4, labelY + LABEL_SPACING);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"%s/>",
                            left, right, y, y, line.color(), dash(line.dash())))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>%n", right + 6, labelY,
                            line.color(), HtmlReport.esc(line.label())));
        }
        return s.toString();
    }

    /** An opening {@code <svg>} of {@code width} x {@code height} with a title for screen readers. */
    static String open(int width, int height, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\" role=\"img\">%n<title>%s</title>%n", width, height, width, height,
                HtmlReport.esc(title));
    }

    /** A legend entry: a colour swatch and its text, at ({@code x}, {@code y}) (the text's baseline). */
    static String legend(double x, double y, String color, String dash, String text) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"%s/>"
                        + "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", x, x + 18, y - 4, y - 4, color, dash(dash), x + 22, y,
                HtmlReport.esc(text));
    }

    static String dash(String dash) {
        return dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
    }

    /** Powers of ten read best in their own unit: 10 µs, 1 ms, 100 ms, 1 s. */
    static String tickLabel(double us) {
        if (us < 1_000) {
            return String.format(Locale.ROOT, "%.0f µs", us);
        }
        return us < 1_000_000 ? String.format(Locale.ROOT, "%.0f ms", us / 1_000) : String.format(Locale.ROOT, "%.0f s", us / 1_000_000);
    }
}
