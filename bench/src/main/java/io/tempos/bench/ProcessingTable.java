package io.tempos.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints the processing benchmark's results as the tables a person reads at the end of a run. */
final class ProcessingTable {

    private ProcessingTable() {
    }

    static void print(ProcessingResults.Report report, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Raw limits (%d s each, %,d-byte event, %d CPUs):%n", report.durationS(), report.eventBytes(),
                report.machine().cpus());
        for (ProcessingResults.Baseline b : report.baselines()) {
            out.printf(Locale.ROOT, "  %-18s %12s/s  p50 %9s  p99 %9s  mean %9s   %s%n", b.name(), String.format(Locale.ROOT, "%,.0f", b.perS()),
                    Formats.micros(b.execUs().p50()), Formats.micros(b.execUs().p99()), Formats.micros(b.execUs().mean()), b.description());
        }
        out.println();
        String header = String.format(Locale.ROOT, "%-17s %-7s %12s %10s %9s %9s %9s %8s  %-18s %12s %9s",
                "method", "lang", "invocations", "per s", "p50", "p99", "mean", "failed", "baseline", "baseline/s", "ratio");
        out.println("Table 2 / Fig. 5: one function at a time");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (ProcessingResults.Run r : report.runs()) {
            out.printf(Locale.ROOT, "%-17s %-7s %,12d %,10.0f %9s %9s %9s %,8d  %-18s %,12.0f %8.2fx%n", r.method(), r.language(),
                    r.invocations(), r.perS(), Formats.micros(r.execUs().p50()), Formats.micros(r.execUs().p99()),
                    Formats.micros(r.execUs().mean()), r.failures(), r.baselineName(), r.baselinePerS(), r.ratioToBaseline());
        }
        if (!report.concurrent().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "Fig. 6: %d strict + %d best-effort threads at once, mean exec vs. one thread of the same level alone (same run)%n",
                    ConcurrentCase.STRICT_THREADS, ConcurrentCase.BEST_EFFORT_THREADS);
            String h = String.format(Locale.ROOT, "%-17s %-7s %10s %10s %8s %12s %12s %8s %s", "method", "lang", "strict", "alone",
                    "ratio", "best-effort", "alone", "ratio", "strict FIFO");
            out.println(h);
            out.println("-".repeat(h.length()));
            for (ProcessingResults.Concurrent c : report.concurrent()) {
                out.printf(Locale.ROOT, "%-17s %-7s %10s %10s %7.2fx %12s %12s %7.2fx %s%n", c.method(), c.language(),
                        Formats.micros(c.strictExecUsMean()), Formats.micros(c.strictAloneExecUsMean()),
                        c.strictExecUsMean() / c.strictAloneExecUsMean(), Formats.micros(c.bestEffortExecUsMean()),
                        Formats.micros(c.bestEffortAloneExecUsMean()), c.bestEffortExecUsMean() / c.bestEffortAloneExecUsMean(),
                        c.strictScheduled() ? "yes" : "NO (not root?)");
            }
        }
        if (!report.skipped().isEmpty()) {
            out.println();
            out.println("Skipped:");
            report.skipped().forEach(s -> out.println("  " + s));
        }
        out.println();
        out.println("Targets (issue 4; benchmark results, not tests):");
        for (ProcessingResults.Target t : report.targets()) {
            String verdict = t.met() == null ? "not measured (run not selected or skipped)" : t.met() ? "met" : "NOT met";
            out.printf(Locale.ROOT, "  %-55s %10s %s %-6s %s%n", t.name(), t.value() == null ? "-" : HtmlReport.fmt(t.value()),
                    t.comparison(), HtmlReport.fmt(t.limit()), verdict);
        }
    }
}
