package io.tempos.bench;

import io.tempos.core.stats.Percentiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Self-contained HTML pages of benchmark runs. The delivery section (Fig. 4): per case an inline
 * SVG bar chart of p50 and p99 per flow on a logarithmic axis, with the raw relay's p50/p99 and
 * the paper's published values drawn as lines, then the tables; when the run compared strict wait
 * strategies, their CPU-for-latency chart ({@link WaitChart}) and table. No script, no external file: a
 * page opens anywhere. {@link FullStackHtml} draws Fig. 7; {@link #page} wraps sections.
 */
final class HtmlReport {

    static final int WIDTH = 720;
    static final int HEIGHT = 300;
    static final int LEFT = 70;
    static final int RIGHT = 190;
    static final int TOP = 20;
    static final int BOTTOM = 40;
    private static final String P50_COLOR = "#4c78a8";
    private static final String P99_COLOR = "#f58518";

    private HtmlReport() {
    }

    static void write(DeliveryResults.Report report, Path file) throws IOException {
        write(html(report), file);
    }

    static void write(String html, Path file) throws IOException {
        Files.writeString(file, html);
    }

    /** The delivery benchmark's own page. */
    static String html(DeliveryResults.Report report) {
        return page("Tempos delivery benchmark", deliverySection(report));
    }

    /** A whole self-contained page around {@code body}: no script, no external file. */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>"
                + "body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}"
                + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right;white-space:nowrap}"
                + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.met{color:#1a7f37}.miss{color:#c0392b}"
                + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body></html>\n";
    }

    /** Fig. 4: the delivery run's description, a chart and a table per case, and the targets. */
    static String deliverySection(DeliveryResults.Report report) {
        StringBuilder h = new StringBuilder();
        h.append("<p>Delivery latency (Fig. 4): creation at the trigger &rarr; reception at the invoker, ")
                .append(report.durationS()).append(" s per case after ").append(fmt(report.warmupS())).append(" s of warm-up, paced flows at ")
                .append(report.ratePerS()).append(" events/s, ").append(report.payloadBytes()).append("-byte datagrams. Started ")
                .append(esc(report.startedAt())).append(" on ").append(machine(report.machine())).append(".</p>\n");
        DeliveryResults.Baseline b = report.baseline();
        if (b != null) {
            h.append("<p>Machine floor, the raw two-hop relay (plain UDP sockets, sender &rarr; relay &rarr; receiver, ")
                    .append(b.ratePerS()).append("/s): p50 ").append(esc(Formats.micros(b.relayP50Us()))).append(", p99 ")
                    .append(esc(Formats.micros(b.relayP99Us()))).append(" (grey lines). The paper's figures (")
                    .append(esc(report.paper().source())).append(") are averages on a TSN testbed, drawn in red for reference.</p>\n");
        }
        boolean waits = !report.parkOnly();
        for (DeliveryResults.Case c : report.cases()) {
            h.append("<h3>").append(esc(c.name())).append(waits ? ", strict wait " + esc(c.strictWait()) : "").append("</h3>\n<p>")
                    .append(esc(c.description()));
            if (waits && c.cpuPercent() != null) {
                h.append(". CPU used by the process: ").append(percent(c.cpuPercent())).append(" of one CPU");
            }
            h.append("</p>\n").append(chart(c, b, report.paper()));
            h.append(flowTable(c));
        }
        if (waits) {
            h.append(waitSection(report));
        }
        h.append("<h3>Targets</h3>\n").append(targetsTable(report.targets()));
        return h.toString();
    }

    /** The strict wait strategies compared: the CPU-for-latency chart and its table. */
    static String waitSection(DeliveryResults.Report report) {
        List<WaitComparison.Row> rows = WaitComparison.rows(report);
        DeliveryResults.Baseline b = report.baseline();
        StringBuilder h = new StringBuilder("<h3>Wait strategies of the strict queue processor</h3>\n<p>How the strict level's queue ")
                .append("processor waits for work (its <code>wait</code>): <b>park</b> sleeps until a receiver wakes it, <b>yield</b> polls ")
                .append("and yields the CPU between polls, <b>spin</b> polls without pause. The best-effort level parks throughout. CPU is ")
                .append("the whole process (deployment, producers, JVM) over each case's measured seconds, as a percentage of one CPU (up to ")
                .append(100 * report.machine().cpus()).append(" % here)");
        if (b != null && b.cpuPercent() != null) {
            h.append("; the raw relay used ").append(percent(b.cpuPercent()));
        }
        h.append(". Ratios are against the same run's raw relay and against the same case parked.</p>\n");
        h.append(WaitChart.svg(rows, b));
        h.append("<table><tr><th>case</th><th>wait</th><th>strict p50</th><th>strict p99</th><th title=\"strict p50 / relay p50\">p50/relay</th>"
                + "<th title=\"strict p99 / relay p99\">p99/relay</th><th title=\"strict p99 / the same case's parked strict p99\">p99/park</th>"
                + "<th>CPU</th><th title=\"CPU / the same case's parked CPU\">CPU/park</th></tr>\n");
        for (WaitComparison.Row r : rows) {
            h.append("<tr><td>").append(esc(r.caseName())).append("</td><td>").append(esc(r.strictWait())).append("</td><td>")
                    .append(r.p50Us() == null ? "-" : esc(Formats.micros(r.p50Us()))).append("</td><td>")
                    .append(r.p99Us() == null ? "-" : esc(Formats.micros(r.p99Us()))).append("</td><td>")
                    .append(ratio(r.p50VsRelay())).append("</td><td>").append(ratio(r.p99VsRelay())).append("</td><td>")
                    .append(ratio(r.p99VsPark())).append("</td><td>").append(r.cpuPercent() == null ? "-" : percent(r.cpuPercent()))
                    .append("</td><td>").append(ratio(r.cpuVsPark())).append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    private static String ratio(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f&times;", value);
    }

    private static String percent(double cpuPercent) {
        return String.format(Locale.ROOT, "%.1f %%", cpuPercent);
    }

    static String machine(DeliveryResults.Machine m) {
        return m.cpus() + " CPUs, " + esc(m.os()) + " " + esc(m.kernel()) + ", " + esc(m.java());
    }

    static String targetsTable(List<DeliveryResults.Target> targets) {
        StringBuilder h = new StringBuilder("<table><tr><th>target</th><th>value</th><th>limit</th><th>verdict</th></tr>\n");
        for (DeliveryResults.Target t : targets) {
            String verdict = t.met() == null ? "not measured" : t.met() ? "<span class=\"met\">met</span>" : "<span class=\"miss\">not met</span>";
            h.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(t.value() == null ? "-" : fmt(t.value()))
                    .append("</td><td>&le; ").append(fmt(t.limit())).append("</td><td>").append(verdict).append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    /** Grouped bars (p50, p99) per flow on a log10 axis, reference lines across. */
    static String chart(DeliveryResults.Case c, DeliveryResults.Baseline baseline, DeliveryResults.Paper paper) {
        List<SvgPlot.Line> lines = new ArrayList<>();
        if (baseline != null) {
            lines.add(new SvgPlot.Line("relay p50 " + Formats.micros(baseline.relayP50Us()), baseline.relayP50Us(), "#666", ""));
            lines.add(new SvgPlot.Line("relay p99 " + Formats.micros(baseline.relayP99Us()), baseline.relayP99Us(), "#666", "6 4"));
        }
        if (c.flow(DeliveryCase.STRICT_FLOW) != null) {
            lines.add(c.flows().size() == 1
                    ? new SvgPlot.Line("paper SQ mean alone " + Formats.micros(paper.strictMeanAloneUs()), paper.strictMeanAloneUs(), "#c0392b", "2 3")
                    : new SvgPlot.Line("paper SQ bound " + Formats.micros(paper.strictMaxWithBestEffortUs()), paper.strictMaxWithBestEffortUs(), "#c0392b", "2 3"));
        }
        double low = Double.MAX_VALUE;
        double high = 1;
        for (DeliveryResults.Flow f : c.flows()) {
            low = Math.min(low, positive(f.latencyUs().p50()));
            high = Math.max(high, f.latencyUs().p99());
        }
        for (SvgPlot.Line line : lines) {
            low = Math.min(low, positive(line.us()));
            high = Math.max(high, line.us());
        }
        SvgPlot.LogAxis axis = SvgPlot.LogAxis.spanning(low == Double.MAX_VALUE ? 10 : low, high, HEIGHT - BOTTOM, TOP);
        StringBuilder s = new StringBuilder();
        s.append(SvgPlot.open(WIDTH, HEIGHT, c.name() + ": delivery latency p50 and p99 per flow"));
        s.append(axis.ticks(LEFT, WIDTH - RIGHT));
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
        s.append(SvgPlot.referenceLines(lines, axis, LEFT, WIDTH - RIGHT));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">p50</text>",
                LEFT, HEIGHT - 14, P50_COLOR, LEFT + 14, HEIGHT - 5));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">p99</text>%n",
                LEFT + 50, HEIGHT - 14, P99_COLOR, LEFT + 64, HEIGHT - 5));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, LEFT, TOP, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, WIDTH - RIGHT,
                HEIGHT - BOTTOM, HEIGHT - BOTTOM));
        return s.append("</svg>\n").toString();
    }

    static String bar(double x, double width, double us, SvgPlot.LogAxis axis, String color, String label) {
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

    static double positive(double us) {
        return us > 0 ? us : Double.MAX_VALUE;
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
