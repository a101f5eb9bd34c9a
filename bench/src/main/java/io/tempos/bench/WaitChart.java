package io.tempos.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wait strategies' trade drawn as one SVG chart: the CPU the process used (x, linear, % of one
 * CPU) against the strict flow's delivery latency (y, log10), a point per case and strategy — p99
 * filled, p50 hollow, joined by a stem — the p99 points of a case joined in the order the
 * strategies ran, and the raw relay's p50/p99 across as the floor. Down is faster, right is
 * costlier.
 */
final class WaitChart {

    private static final int WIDTH = HtmlReport.WIDTH;
    private static final int HEIGHT = 340;
    private static final int LEFT = HtmlReport.LEFT;
    private static final int RIGHT = HtmlReport.RIGHT;
    private static final int TOP = HtmlReport.TOP;
    private static final int BOTTOM = 64;
    private static final List<String> CASE_COLORS = List.of("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756");

    private WaitChart() {
    }

    /** The chart of {@link WaitComparison#rows}; rows without a strict flow or a CPU reading are left out. */
    static String svg(List<WaitComparison.Row> rows, DeliveryResults.Baseline baseline) {
        List<WaitComparison.Row> drawn = rows.stream().filter(r -> r.p99Us() != null && r.cpuPercent() != null).toList();
        List<SvgPlot.Line> lines = new ArrayList<>();
        if (baseline != null) {
            lines.add(new SvgPlot.Line("relay p50 " + Formats.micros(baseline.relayP50Us()), baseline.relayP50Us(), "#666", ""));
            lines.add(new SvgPlot.Line("relay p99 " + Formats.micros(baseline.relayP99Us()), baseline.relayP99Us(), "#666", "6 4"));
        }
        double low = Double.MAX_VALUE;
        double high = 1;
        double cpuHigh = 0;
        for (WaitComparison.Row r : drawn) {
            low = Math.min(low, HtmlReport.positive(r.p50Us()));
            high = Math.max(high, r.p99Us());
            cpuHigh = Math.max(cpuHigh, r.cpuPercent());
        }
        for (SvgPlot.Line line : lines) {
            low = Math.min(low, HtmlReport.positive(line.us()));
            high = Math.max(high, line.us());
        }
        SvgPlot.LogAxis y = SvgPlot.LogAxis.spanning(low == Double.MAX_VALUE ? 10 : low, high, HEIGHT - BOTTOM, TOP);
        double cpuMax = Math.max(100, Math.ceil(cpuHigh / 50) * 50);
        int right = WIDTH - RIGHT;

        StringBuilder s = new StringBuilder(SvgPlot.open(WIDTH, HEIGHT, "strict delivery latency against the CPU used, per wait strategy"));
        s.append(y.ticks(LEFT, right));
        for (double tick = 0; tick <= cpuMax + 1e-9; tick += cpuMax > 200 ? 100 : 25) {
            double x = x(tick, cpuMax);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f %%</text>%n", x, x, TOP, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 14, tick));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">CPU used by the process, %% of one CPU</text>%n",
                (LEFT + right) / 2.0, HEIGHT - BOTTOM + 30));
        s.append(SvgPlot.referenceLines(lines, y, LEFT, right));

        Map<String, List<WaitComparison.Row>> byCase = new LinkedHashMap<>();
        drawn.forEach(r -> byCase.computeIfAbsent(r.caseName(), k -> new ArrayList<>()).add(r));
        int index = 0;
        double legendX = LEFT;
        for (Map.Entry<String, List<WaitComparison.Row>> entry : byCase.entrySet()) {
            String color = CASE_COLORS.get(index++ % CASE_COLORS.size());
            StringBuilder path = new StringBuilder();
            for (WaitComparison.Row r : entry.getValue()) {
                double px = x(r.cpuPercent(), cpuMax);
                double p99 = y.y(r.p99Us());
                double p50 = y.y(r.p50Us() > 0 ? r.p50Us() : r.p99Us());
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, p99));
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", px, px, p50, p99, color))
                        .append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"white\" stroke=\"%s\" stroke-width=\"1.5\">"
                                + "<title>%s %s: p50 %s, CPU %.1f %%</title></circle>", px, p50, color, HtmlReport.esc(r.caseName()), HtmlReport.esc(r.strictWait()),
                                HtmlReport.esc(Formats.micros(r.p50Us())), r.cpuPercent()))
                        .append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\">"
                                + "<title>%s %s: p99 %s, CPU %.1f %%</title></circle>", px, p99, color, HtmlReport.esc(r.caseName()), HtmlReport.esc(r.strictWait()),
                                HtmlReport.esc(Formats.micros(r.p99Us())), r.cpuPercent()))
                        .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>%n", px + 7, p99 - 5, color,
                                HtmlReport.esc(r.strictWait())));
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-opacity=\"0.5\"/>%n", path, color));
            s.append(SvgPlot.legend(legendX, HEIGHT - 6, color, "", entry.getKey()));
            legendX += 40 + 7 * entry.getKey().length();
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">filled: strict p99, hollow: strict p50</text>%n", legendX + 10, HEIGHT - 6));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, LEFT, TOP, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, right, HEIGHT - BOTTOM,
                HEIGHT - BOTTOM));
        return s.append("</svg>\n").toString();
    }

    private static double x(double cpuPercent, double cpuMax) {
        return LEFT + Math.min(cpuPercent, cpuMax) / cpuMax * (WIDTH - RIGHT - LEFT);
    }
}
