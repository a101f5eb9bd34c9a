package io.tempos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.tempos.bench.HtmlReport.BOTTOM;
import static io.tempos.bench.HtmlReport.HEIGHT;
import static io.tempos.bench.HtmlReport.LEFT;
import static io.tempos.bench.HtmlReport.RIGHT;
import static io.tempos.bench.HtmlReport.TOP;
import static io.tempos.bench.HtmlReport.WIDTH;
import static io.tempos.bench.HtmlReport.esc;

/**
 * A self-contained HTML page of a processing run, drawn with the delivery report's SVG pieces:
 * Fig. 5 (mean execution time per method and language next to its raw limit's, log axis),
 * Table 2, and Fig. 6 (grouped bars: strict and best-effort, alone and concurrent).
 */
final class ProcessingReport {

    private static final String RUN_COLOR = "#4c78a8";
    private static final String BASELINE_COLOR = "#9d9d9d";
    private static final String[] FIG6_COLORS = {"#2f5d8a", "#8fb5dc", "#d9730d", "#f6c28b"};

    private ProcessingReport() {
    }

    static void write(ProcessingResults.Report report, Path file) throws IOException {
        Files.writeString(file, html(report));
    }

    /** The page's content without its head and title, for the report of {@code tempos bench all}. */
    static String section(ProcessingResults.Report r) {
        String page = html(r);
        return page.substring(page.indexOf("</h1>") + "</h1>".length(), page.lastIndexOf("</body>"));
    }

    static String html(ProcessingResults.Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tempos processing benchmark</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right;white-space:nowrap}")
                .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.met{color:#1a7f37}.miss{color:#c0392b}")
                .append("</style></head><body>\n<h1>Tempos processing benchmark</h1>\n<p>Algorithm 1 on a ").append(r.eventBytes())
                .append("-byte event, invoked back to back by the invoker's own invocation classes, ").append(r.durationS())
                .append(" s per run. Started ").append(esc(r.startedAt())).append(" on ").append(r.machine().cpus()).append(" CPUs, ")
                .append(esc(r.machine().os())).append(' ').append(esc(r.machine().kernel())).append(", ").append(esc(r.machine().java()))
                .append(".</p>\n<h2>Fig. 5: mean execution time per method and language</h2>\n<p>Blue: the run; grey: its raw limit, measured in the same run.</p>\n");
        List<Group> fig5 = new ArrayList<>();
        for (ProcessingResults.Run run : r.runs()) {
            double baselineMeanUs = r.baselines().stream().filter(b -> b.name().equals(run.baselineName())).mapToDouble(b -> b.execUs().mean())
                    .findFirst().orElse(0);
            fig5.add(new Group(run.method() + " " + run.language(), new double[]{run.execUs().mean(), baselineMeanUs}));
        }
        h.append(chart("Fig. 5", fig5, new String[]{RUN_COLOR, BASELINE_COLOR}, new String[]{"run", "raw limit"}));
        h.append("<h2>Table 2: invocations in ").append(r.durationS()).append(" s</h2>\n<table><tr><th>method</th><th>language</th>")
                .append("<th>invocations</th><th>per s</th><th>p50</th><th>p99</th><th>mean</th><th>failed</th><th>raw limit</th>")
                .append("<th>raw limit per s</th><th>ratio</th></tr>\n");
        for (ProcessingResults.Run run : r.runs()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%,d</td><td>%,.0f</td><td>%s</td><td>%s</td><td>%s</td>"
                            + "<td>%,d</td><td>%s</td><td>%,.0f</td><td>%.2f&times;</td></tr>%n", esc(run.method()), esc(run.language()),
                    run.invocations(), run.perS(), esc(Formats.micros(run.execUs().p50())), esc(Formats.micros(run.execUs().p99())),
                    esc(Formats.micros(run.execUs().mean())), run.failures(), esc(run.baselineName()), run.baselinePerS(), run.ratioToBaseline()));
        }
        h.append("</table>\n<h3>Raw limits</h3>\n<table><tr><th>name</th><th>what</th><th>per s</th><th>p50</th><th>p99</th><th>mean</th></tr>\n");
        for (ProcessingResults.Baseline b : r.baselines()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%,.0f</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(b.name()),
                    esc(b.description()), b.perS(), esc(Formats.micros(b.execUs().p50())), esc(Formats.micros(b.execUs().p99())),
                    esc(Formats.micros(b.execUs().mean()))));
        }
        h.append("</table>\n");
        if (!r.concurrent().isEmpty()) {
            h.append("<h2>Fig. 6: 2 strict and 4 best-effort functions at once</h2>\n");
            List<Group> fig6 = new ArrayList<>();
            for (ProcessingResults.Concurrent c : r.concurrent()) {
                fig6.add(new Group(c.method() + " " + c.language(), new double[]{c.strictAloneExecUsMean(), c.strictExecUsMean(),
                        c.bestEffortAloneExecUsMean(), c.bestEffortExecUsMean()}));
            }
            h.append(chart("Fig. 6", fig6, FIG6_COLORS, new String[]{"strict alone", "strict", "best-effort alone", "best-effort"}));
        }
        if (!r.skipped().isEmpty()) {
            h.append("<h2>Skipped</h2>\n<ul>");
            r.skipped().forEach(s -> h.append("<li>").append(esc(s)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<h2>Targets</h2>\n<table><tr><th>target</th><th>value</th><th>limit</th><th>verdict</th></tr>\n");
        for (ProcessingResults.Target t : r.targets()) {
            String verdict = t.met() == null ? "not measured" : t.met() ? "<span class=\"met\">met</span>" : "<span class=\"miss\">not met</span>";
            h.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(t.value() == null ? "-" : HtmlReport.fmt(t.value()))
                    .append("</td><td>").append(esc(t.comparison())).append(' ').append(HtmlReport.fmt(t.limit())).append("</td><td>")
                    .append(verdict).append("</td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    /** Grouped bars of microseconds on a log10 axis, one group per label. */
    static String chart(String title, List<Group> groups, String[] colors, String[] legend) {
        double low = Double.MAX_VALUE;
        double high = 1;
        for (Group g : groups) {
            for (double us : g.us()) {
                if (us > 0) {
                    low = Math.min(low, us);
                    high = Math.max(high, us);
                }
            }
        }
        SvgPlot.LogAxis axis = SvgPlot.LogAxis.spanning(low == Double.MAX_VALUE ? 10 : low, high, HEIGHT - BOTTOM, TOP);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n<title>")
                .append(esc(title)).append("</title>\n");
        s.append(axis.ticks(LEFT, WIDTH - RIGHT));
        double group = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, groups.size());
        double bar = Math.min(30, group / (colors.length + 1));
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            double x = LEFT + i * group + (group - bar * g.us().length) / 2;
            for (int k = 0; k < g.us().length; k++) {
                s.append(HtmlReport.bar(x + k * bar, bar, g.us()[k], axis, colors[k], esc(legend[k])));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\">%s</text>%n",
                    LEFT + i * group + group / 2, HEIGHT - BOTTOM + 14, esc(g.label())));
        }
        for (int k = 0; k < legend.length; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    WIDTH - RIGHT + 10, TOP + 16 * k, colors[k], WIDTH - RIGHT + 24, TOP + 16 * k + 9, esc(legend[k])));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, LEFT, TOP, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, WIDTH - RIGHT,
                HEIGHT - BOTTOM, HEIGHT - BOTTOM));
        return s.append("</svg>\n").toString();
    }

    record Group(String label, double[] us) {
    }
}
