package io.tempos.bench;

import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.tempos.bench.HtmlReport.esc;

/**
 * The full-stack section of a report: Fig. 7a (end-to-end latency against the rate, strict and
 * best-effort, isolated and concurrent, as lines on a log axis with this machine's floors and the
 * paper's averages), Fig. 7b (the mean of each hop stacked, per workflow and scenario, at the top
 * rate and under the flood), then the tables.
 */
final class FullStackHtml {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 210;
    private static final int TOP = 20;
    private static final int BOTTOM = 80;
    private static final String[] HOP_COLORS = {"#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2"};

    /** One line of Fig. 7a: a workflow of a phase, its mean (solid) and p99 (dashed). */
    private record Series(String label, String phase, String flow, String color) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("SQ isolated", "strict-alone", FullStackPhase.STRICT_FLOW, "#1f5fa8"),
            new Series("BQ isolated", "best-effort-alone", FullStackPhase.BEST_EFFORT_FLOW, "#f58518"),
            new Series("SQ concurrent", "concurrent", FullStackPhase.STRICT_FLOW, "#2a9d3a"),
            new Series("BQ concurrent", "concurrent", FullStackPhase.BEST_EFFORT_FLOW, "#d62728"));

    private FullStackHtml() {
    }

    static String section(FullStackResults.Report report) {
        StringBuilder h = new StringBuilder();
        FullStackResults.Baselines b = report.baselines();
        h.append("<p>Full stack (Fig. 7): end-to-end latency, creation at the trigger &rarr; end of the function, of a strict (SQ) and a ")
                .append("best-effort (BQ) workflow running the same function (Algorithm 1 as a warm DLF), ")
                .append(report.stepS()).append(" s per step after ").append(HtmlReport.fmt(report.warmupS()))
                .append(" s of warm-up, rates ").append(esc(report.ratesPerS().toString())).append(" events/s per workflow, ")
                .append(report.payloadBytes()).append("-byte datagrams. Started ").append(esc(report.startedAt())).append(" on ")
                .append(HtmlReport.machine(report.machine())).append(".</p>\n");
        Percentiles call = b.plainCall().latencyUs();
        h.append("<p>Floors measured in the same run (grey): the raw two-hop UDP relay at each rate (p50), and the plain in-process C ")
                .append("call of Algorithm 1 through a cached FFM downcall (p50 ").append(esc(Formats.micros(call.p50())))
                .append(", ").append(call.count()).append(" calls). The paper's averages (red, dotted) were measured on edge boards ")
                .append("over TSN links: ").append(esc(report.paper().source())).append(".</p>\n");
        h.append("<h3>Fig. 7a: end-to-end latency against the rate</h3>\n").append(latencyByRate(report));
        h.append("<h3>Fig. 7b: mean per hop at ").append(report.topRate()).append(" events/s</h3>\n").append(hopBars(report));
        h.append(stepTable(report)).append("<h3>Targets</h3>\n").append(HtmlReport.targetsTable(report.targets()));
        return h.toString();
    }

    /** Fig. 7a: x = the ramp's rates at equal spacing, y = latency (log); mean solid, p99 dashed. */
    static String latencyByRate(FullStackResults.Report report) {
        List<Integer> rates = report.ratesPerS();
        List<SvgPlot.Line> lines = new ArrayList<>();
        Percentiles call = report.baselines().plainCall().latencyUs();
        lines.add(new SvgPlot.Line("plain C call p50 " + Formats.micros(call.p50()), call.p50(), "#888", "1 3"));
        FullStackResults.Paper paper = report.paper();
        lines.add(new SvgPlot.Line("paper SQ isolated " + Formats.micros(paper.strictMeanIsolatedUs()), paper.strictMeanIsolatedUs(), "#c0392b", "2 3"));
        lines.add(new SvgPlot.Line("paper BQ isolated " + Formats.micros(paper.bestEffortMeanIsolatedUs()), paper.bestEffortMeanIsolatedUs(), "#c0392b", "2 3"));
        lines.add(new SvgPlot.Line("paper SQ concurrent " + Formats.micros(paper.strictMeanConcurrentUs()), paper.strictMeanConcurrentUs(), "#c0392b", "2 3"));
        double low = call.p50() > 0 ? call.p50() : 1;
        double high = paper.bestEffortMeanIsolatedUs();
        for (FullStackResults.Step step : report.steps()) {
            for (FullStackResults.Flow f : step.flows()) {
                if (!f.flood()) { // the flood's own latency is not drawn: its queueing would squash the scale
                    high = Math.max(high, f.endToEndUs().p99());
                    low = Math.min(low, HtmlReport.positive(f.endToEndUs().mean()));
                }
            }
        }
        for (DeliveryResults.Baseline relay : report.baselines().relay()) {
            low = Math.min(low, HtmlReport.positive(relay.relayP50Us()));
        }
        SvgPlot.LogAxis axis = SvgPlot.LogAxis.spanning(low, high, HEIGHT - BOTTOM, TOP);
        double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, rates.size());
        StringBuilder s = new StringBuilder(SvgPlot.open(WIDTH, HEIGHT, "End-to-end latency against the rate, SQ and BQ, isolated and concurrent"));
        s.append(axis.ticks(LEFT, WIDTH - RIGHT));
        for (int i = 0; i < rates.size(); i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d/s</text>%n", x(i, slot),
                    HEIGHT - BOTTOM + 16, rates.get(i)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">events per second, per workflow</text>%n",
                LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - BOTTOM + 32));
        List<Double> relay = new ArrayList<>();
        for (int rate : rates) {
            DeliveryResults.Baseline b = report.baselines().relayAt(rate);
            relay.add(b == null ? 0 : b.relayP50Us());
        }
        s.append(polyline(relay, axis, slot, "#888", "", "relay p50"));
        for (Series series : SERIES) {
            List<Double> means = new ArrayList<>();
            List<Double> p99s = new ArrayList<>();
            for (int rate : rates) {
                FullStackResults.Step step = report.step(series.phase(), rate);
                FullStackResults.Flow flow = step == null ? null : step.flow(series.flow());
                means.add(flow == null ? 0 : flow.endToEndUs().mean());
                p99s.add(flow == null ? 0 : flow.endToEndUs().p99());
            }
            s.append(polyline(means, axis, slot, series.color(), "", series.label() + " mean"));
            s.append(polyline(p99s, axis, slot, series.color(), "5 4", series.label() + " p99"));
        }
        FullStackResults.Step flood = report.step(FullStackPhase.FLOOD.label(), report.topRate());
        FullStackResults.Flow floodStrict = flood == null ? null : flood.flow(FullStackPhase.STRICT_FLOW);
        if (floodStrict != null && floodStrict.endToEndUs().count() > 0) {
            double x = x(rates.size() - 1, slot) + 12;
            double y = axis.y(floodStrict.endToEndUs().p99());
            s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l6 6 l-6 6 l-6 -6 z\" fill=\"#2a9d3a\" stroke=\"#000\">"
                    + "<title>SQ p99 under the BQ flood: %s</title></path>%n", x, y - 6, esc(Formats.micros(floodStrict.endToEndUs().p99()))));
        }
        s.append(SvgPlot.referenceLines(lines, axis, LEFT, WIDTH - RIGHT));
        double legendY = HEIGHT - 6;
        double legendX = LEFT;
        for (Series series : SERIES) {
            s.append(SvgPlot.legend(legendX, legendY, series.color(), "", series.label()));
            legendX += 120;
        }
        s.append(SvgPlot.legend(legendX, legendY, "#888", "", "relay p50"));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">solid: mean, dashed: p99, &#9670;: SQ p99 under the BQ flood</text>%n",
                LEFT, HEIGHT - BOTTOM + 50));
        s.append(axes());
        return s.append("</svg>\n").toString();
    }

    /** Fig. 7b: per workflow and scenario at the top rate, the six hop means stacked (linear axis). */
    static String hopBars(FullStackResults.Report report) {
        record Bar(String label, FullStackResults.Flow flow) {
        }
        List<Bar> bars = new ArrayList<>();
        int top = report.topRate();
        for (String[] pick : new String[][]{{"strict-alone", "sq", "SQ isolated"}, {"best-effort-alone", "bq", "BQ isolated"},
                {"concurrent", "sq", "SQ concurrent"}, {"concurrent", "bq", "BQ concurrent"}, {"flood", "sq", "SQ, BQ flood"},
                {"flood", "bq", "BQ flood"}}) {
            FullStackResults.Step step = report.step(pick[0], top);
            FullStackResults.Flow flow = step == null ? null : step.flow(pick[1]);
            if (flow != null) {
                bars.add(new Bar(pick[2], flow));
            }
        }
        double scale = 1;
        for (Bar bar : bars) {
            if (!bar.flow().flood()) { // a flood's queueing would flatten every other bar: it is clipped instead
                scale = Math.max(scale, total(bar.flow()));
            }
        }
        double max = niceCeiling(scale * 1.15);
        int plotBottom = HEIGHT - BOTTOM;
        StringBuilder s = new StringBuilder(SvgPlot.open(WIDTH, HEIGHT, "Mean latency per hop, stacked, at the top rate"));
        for (int i = 0; i <= 4; i++) {
            double us = max * i / 4;
            double y = plotBottom - (plotBottom - TOP) * us / max;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + 4, esc(Formats.micros(us))));
        }
        double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, bars.size());
        double width = Math.min(56, slot * 0.6);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = LEFT + i * slot + (slot - width) / 2;
            double base = 0;
            for (int hop = 0; hop < FullStackResults.HOPS.size(); hop++) {
                LatencySpan span = FullStackResults.HOPS.get(hop);
                double mean = bar.flow().hop(span).mean();
                double from = Math.min(base, max);
                double to = Math.min(base + mean, max);
                base += mean;
                if (to <= from) {
                    continue;
                }
                double yTop = plotBottom - (plotBottom - TOP) * to / max;
                double yBottom = plotBottom - (plotBottom - TOP) * from / max;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s %s: mean %s</title></rect>%n", x, yTop, width, yBottom - yTop, HOP_COLORS[hop],
                        esc(bar.label()), esc(span.label()), esc(Formats.micros(mean))));
            }
            double labelY = plotBottom - (plotBottom - TOP) * Math.min(base, max) / max - 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s%s</text>%n",
                    x + width / 2, labelY, base > max ? "&#8593; " : "", esc(Formats.micros(base))));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x + width / 2,
                    plotBottom + 16, esc(bar.label())));
        }
        for (int hop = 0; hop < FullStackResults.HOPS.size(); hop++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 16, TOP + hop * 18, HOP_COLORS[hop],
                    WIDTH - RIGHT + 34, TOP + hop * 18 + 10, esc(FullStackResults.HOPS.get(hop).label())));
        }
        Percentiles call = report.baselines().plainCall().latencyUs();
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">plain C call: %s</text>%n",
                WIDTH - RIGHT + 16, TOP + 6 * 18 + 14, esc(Formats.micros(call.mean()))));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">&#8593;: clipped, total written on top</text>%n",
                WIDTH - RIGHT + 16, TOP + 6 * 18 + 30));
        s.append(axes());
        return s.append("</svg>\n").toString();
    }

    private static String stepTable(FullStackResults.Report report) {
        StringBuilder t = new StringBuilder("<h3>Every step</h3>\n<table style=\"font-size:.8em\"><tr><th>step</th><th>flow</th><th>rate/s</th><th>sent</th>"
                + "<th>completed</th><th>dropped</th><th>unaccounted</th><th>mean</th><th>p50</th><th>p99</th><th>p99.9</th><th>max</th>");
        for (LatencySpan hop : FullStackResults.HOPS) {
            t.append("<th>").append(esc(hop.label())).append(" mean</th>");
        }
        t.append("</tr>\n");
        for (FullStackResults.Step step : report.steps()) {
            for (FullStackResults.Flow f : step.flows()) {
                Percentiles l = f.endToEndUs();
                t.append("<tr><td>").append(esc(step.name())).append("</td><td>").append(esc(f.name())).append("</td><td>")
                        .append(f.flood() ? "flood, ~" : "").append(f.ratePerS()).append("</td><td>").append(f.sent()).append("</td><td>")
                        .append(f.completed()).append("</td><td title=\"").append(esc(Formats.reasons(f.dropped()))).append("\">")
                        .append(f.droppedTotal()).append("</td><td>").append(f.unaccounted()).append("</td>");
                for (double us : new double[]{l.mean(), l.p50(), l.p99(), l.p999(), l.max()}) {
                    t.append("<td>").append(esc(Formats.micros(us))).append("</td>");
                }
                for (LatencySpan hop : FullStackResults.HOPS) {
                    t.append("<td>").append(esc(Formats.micros(f.hop(hop).mean()))).append("</td>");
                }
                t.append("</tr>\n");
            }
        }
        return t.append("</table>\n").toString();
    }

    private static String polyline(List<Double> values, SvgPlot.LogAxis axis, double slot, String color, String dash, String title) {
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double us = values.get(i);
            if (us <= 0) {
                continue;
            }
            double x = x(i, slot);
            double y = axis.y(us);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>%s: %s</title></circle>",
                    x, y, dash.isEmpty() ? "3" : "2", color, esc(title), esc(Formats.micros(us))));
        }
        if (points.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s><title>%s</title></polyline>%s%n",
                points.toString().trim(), color, dash.isEmpty() ? "2" : "1.2", SvgPlot.dash(dash), esc(title), marks);
    }

    private static double x(int index, double slot) {
        return LEFT + index * slot + slot / 2;
    }

    private static double total(FullStackResults.Flow flow) {
        return FullStackResults.HOPS.stream().mapToDouble(h -> flow.hop(h).mean()).sum();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code us}. */
    private static double niceCeiling(double us) {
        double decade = Math.pow(10, Math.floor(Math.log10(Math.max(1, us))));
        for (double step : new double[]{1, 2, 5, 10}) {
            if (step * decade >= us) {
                return step * decade;
            }
        }
        return 10 * decade;
    }

    private static String axes() {
        return String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, LEFT, TOP, HEIGHT - BOTTOM, LEFT, WIDTH - RIGHT,
                HEIGHT - BOTTOM, HEIGHT - BOTTOM);
    }
}
