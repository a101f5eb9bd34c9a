package io.tempos.bench;

import io.tempos.core.stats.Percentiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page of a delivery run: per case an inline SVG bar chart of p50 and p99
 * per flow on a logarithmic axis, with the raw relay's p50/p99 and the paper's published values
 * drawn as lines, then the tables. No script, no external file: it opens anywhere.
 */
final class HtmlReport {

    static final int WIDTH = 720;
    static final int HEIGHT = 300;
    static final int LEFT = 70;
    static final int RIGHT = 190;
    static final int TOP = 20;
    static final int BOTTOM = 40;
    private static final int LABEL_SPACING = 12;
    private static final String P50_COLOR = "#4c78a8";
    private static final String P99_COLOR = "#f58518";

    private HtmlReport() {
    }

    static void write(DeliveryResults.Report report, Path file) throws IOException {
        Files.writeString(file, html(report));
    }

    static String html(DeliveryResults.Report report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tempos delivery benchmark</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right;white-space:nowrap}")
                .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.met{color:#1a7f37}.miss{color:#c0392b}")
                .append("</style></head><body>\n");
        h.append("<h1>Tempos delivery benchmark</h1>\n<p>Delivery latency: creation at the trigger &rarr; reception at the invoker, ")
                .append(report.durationS()).append(" s per case after ").append(fmt(report.warmupS())).append(" s of warm-up, paced flows at ")
                .append(report.ratePerS()).append(" events/s, ").append(report.payloadBytes()).append("-byte datagrams. Started ")
                .append(esc(report.startedAt())).append(" on ").append(report.machine().cpus()).append(" CPUs, ")
                .append(esc(report.machine().os())).append(' ').append(esc(report.machine().kernel())).append(", ")
                .append(esc(report.machine().java())).append(".</p>\n");
        DeliveryResults.Baseline b = report.baseline();
        if (b != null) {
            h.append("<p>Machine floor, the raw two-hop relay (plain UDP sockets, sender &rarr; relay &rarr; receiver, ")
                    .append(b.ratePerS()).append("/s): p50 ").append(esc(Formats.micros(b.relayP50Us()))).append(", p99 ")
                    .append(esc(Formats.micros(b.relayP99Us()))).append(" (grey lines). The paper's figures (")
                    .append(esc(report.paper().source())).append(") are averages on a TSN testbed, drawn in red for reference.</p>\n");
        }
        for (DeliveryResults.Case c : report.cases()) {
            h.append("<h2>").append(esc(c.name())).append("</h2>\n<p>").append(esc(c.description())).append("</p>\n");
            h.append(chart(c, b, report.paper()));
            h.append(flowTable(c));
        }
        h.append("<h2>Targets</h2>\n<table><tr><th>target</th><th>value</th><th>limit</th><th>verdict</th></tr>\n");
        for (DeliveryResults.Target t : report.targets()) {
            String verdict = t.met() == null ? "not measured" : t.met() ? "<span class=\"met\">met</span>" : "<span class=\"miss\">not met</span>";
            h.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(t.value() == null ? "-" : fmt(t.value()))
                    .append("</td><td>&le; ").append(fmt(t.limit())).append("</td><td>").append(verdict).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** Grouped bars (p50, p99) per flow on a log10 axis, reference lines across. */
    static String chart(DeliveryResults.Case c, DeliveryResults.Baseline baseline, DeliveryResults.Paper paper) {
        List<Line> lines = new ArrayList<>();
        if (baseline != null) {
            lines.add(new Line("relay p50 " + Formats.micros(baseline.relayP50Us()), baseline.relayP50Us(), "#666", ""));
            lines.add(new Line("relay p99 " + Formats.micros(baseline.relayP99Us()), baseline.relayP99Us(), "#666", "6 4"));
        }
        if (c.flow(DeliveryCase.STRICT_FLOW) != null) {
            lines.add(c.flows().size() == 1
                    ? new Line("paper SQ mean alone " + Formats.micros(paper.strictMeanAloneUs()), paper.strictMeanAloneUs(), "#c0392b", "2 3")
                    : new Line("paper SQ bound " + Formats.micros(paper.strictMaxWithBestEffortUs()), paper.strictMaxWithBestEffortUs(), "#c0392b", "2 3"));
        }
        double low = Double.MAX_VALUE;
        double high = 1;
        for (DeliveryResults.Flow f : c.flows()) {
            low = Math.min(low, positive(f.latencyUs().p50()));
            high = Math.max(high, f.latencyUs().p99());
        }
        for (Line line : lines) {
            low = Math.min(low, positive(line.us()));
            high = Math.max(high, line.us());
        }
        Axis axis = new Axis(Math.pow(10, Math.floor(Math.log10(Math.max(1, low == Double.MAX_VALUE ? 10 : low)))),
                Math.pow(10, Math.ceil(Math.log10(high * 1.01))));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n");
        s.append("<title>").append(esc(c.name())).append(": delivery latency p50 and p99 per flow</title>\n");
        for (double tick = axis.low(); tick <= axis.high() * 1.001; tick *= 10) {
            double y = axis.y(tick);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", LEFT, WIDTH - RIGHT, y, y))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                            tickLabel(tick)));
        }
        int n = Math.max(1, c.flows().size());
        double group = (WIDTH - LEFT - RIGHT) / (double) n;
        double bar = Math.min(40, group / 3);
        for (int i = 0; i < c.flows().size(); i++) {
            DeliveryResults.Flow f = c.flows().get(i);
            double x = LEFT + i * group + group / 2;
            Percentiles l = f.latencyUs();
            s.append(bar(x - bar, bar, l.p50(), axis, P50_COLOR, "p50"));
            s.append(bar(x, bar, l.p99(), axis, P99_COLOR, "p99"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s (%s)</text>%n", x,
                    HEIGHT - BOTTOM + 16, esc(f.name()), esc(f.qos())));
        }
        lines.sort(Comparator.comparingDouble(line -> axis.y(line.us())));
        double labelY = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            double y = axis.y(line.us());
            labelY = Math.max(y + 4, labelY + LABEL_SPACING); // labels of close lines stack instead of overlapping
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"%s/>",
                            LEFT, WIDTH - RIGHT, y, y, line.color(), line.dash().isEmpty() ? "" : " stroke-dasharray=\"" + line.dash() + "\""))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>%n", WIDTH - RIGHT + 6, labelY,
                            line.color(), esc(line.label())));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">p50</text>",
                LEFT, HEIGHT - 14, P50_COLOR, LEFT + 14, HEIGHT - 5));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">p99</text>%n",
                LEFT + 50, HEIGHT - 14, P99_COLOR, LEFT + 64, HEIGHT - 5));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, LEFT, TOP, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, WIDTH - RIGHT,
                HEIGHT - BOTTOM, HEIGHT - BOTTOM));
        return s.append("</svg>\n").toString();
    }

    static String bar(double x, double width, double us, Axis axis, String color, String label) {
        if (us <= 0) {
            return "";
        }
        double y = axis.y(us);
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s</title></rect>"
                        + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">%s</text>%n",
                x, y, width, Math.max(0, HEIGHT - BOTTOM - y), color, label, esc(Formats.micros(us)), x + width / 2, y - 3,
                esc(Formats.micros(us)));
    }

    private static String flowTable(DeliveryResults.Case c) {
        StringBuilder t = new StringBuilder("<table><tr><th>flow</th><th>qos</th><th>rate/s</th><th>sent</th><th>delivered</th>"
                + "<th>dropped</th><th>unaccounted</th><th>p50</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n");
        for (DeliveryResults.Flow f : c.flows()) {
            Percentiles l = f.latencyUs();
            t.append("<tr><td>").append(esc(f.name())).append("</td><td>").append(esc(f.qos())).append("</td><td>")
                    .append(f.flood() ? "flood, ~" : "").append(f.ratePerS()).append("</td><td>").append(f.sent()).append("</td><td>")
                    .append(f.delivered()).append("</td><td title=\"").append(esc(Formats.reasons(f.dropped()))).append("\">")
                    .append(f.droppedTotal()).append("</td><td>").append(f.unaccounted()).append("</td><td>")
                    .append(esc(Formats.micros(l.p50()))).append("</td><td>").append(esc(Formats.micros(l.p99()))).append("</td><td>")
                    .append(esc(Formats.micros(l.p999()))).append("</td><td>").append(esc(Formats.micros(l.max()))).append("</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    /** Powers of ten read best in their own unit: 10 µs, 1 ms, 100 ms, 1 s. */
    static String tickLabel(double us) {
        if (us < 1_000) {
            return String.format(Locale.ROOT, "%.0f µs", us);
        }
        return us < 1_000_000 ? String.format(Locale.ROOT, "%.0f ms", us / 1_000) : String.format(Locale.ROOT, "%.0f s", us / 1_000_000);
    }

    private static double positive(double us) {
        return us > 0 ? us : Double.MAX_VALUE;
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Line(String label, double us, String color, String dash) {
    }

    /** A log10 axis from {@code low} µs (bottom) to {@code high} µs (top). */
    record Axis(double low, double high) {
        double y(double us) {
            double clamped = Math.min(Math.max(us, low), high);
            double fraction = (Math.log10(clamped) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
            return HEIGHT - BOTTOM - fraction * (HEIGHT - BOTTOM - TOP);
        }
    }
}
