package io.tempos.cli;

import io.tempos.bench.Formats;
import io.tempos.bench.WorkflowTally;
import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints the demo's progress lines and its final tables. */
public final class DemoReport {

    private final PrintStream out;

    public DemoReport(PrintStream out) {
        this.out = out;
    }

    public void progress(int second, int total, List<WorkflowTally> tallies, double cpuPercent, int cpus) {
        String flows = tallies.stream().map(t -> String.format(Locale.ROOT, "%s sent %,d done %,d dropped %,d p99 %s",
                        t.workflow(), t.sent(), t.delivered(), t.droppedTotal(), Formats.micros(t.endToEnd().p99())))
                .collect(Collectors.joining(" | "));
        out.printf(Locale.ROOT, "[%2d/%d s] %s | CPU %.0f%% of %d%%%n", second, total, flows, cpuPercent, cpus * 100);
    }

    public void results(List<WorkflowTally> tallies, double averageCpuPercent, int cpus, int seconds) {
        out.println();
        results(tallies, String.format(Locale.ROOT, "Events per workflow over %d s (process CPU %.0f%% of %d%%)", seconds, averageCpuPercent, cpus * 100));
    }

    /** The final tables under a headline that says what was measured, e.g. the run's duration and setting. */
    public void results(List<WorkflowTally> tallies, String headline) {
        out.printf(Locale.ROOT, "%s, latency from creation at the trigger to the end of the function:%n%n", headline);
        String header = String.format(Locale.ROOT, "%-18s %-12s %10s %10s %10s %8s %10s %10s %10s  %s",
                "workflow", "level", "sent", "delivered", "dropped", "lost", "p50", "p99", "max", "dropped by reason");
        out.println(header);
        out.println("-".repeat(header.length() + 12));
        for (WorkflowTally t : tallies) {
            Percentiles e2e = t.endToEnd();
            out.printf(Locale.ROOT, "%-18s %-12s %,10d %,10d %,10d %,8d %10s %10s %10s  %s%n",
                    t.workflow(), t.level(), t.sent(), t.delivered(), t.droppedTotal(), t.unaccounted(),
                    Formats.micros(e2e.p50()), Formats.micros(e2e.p99()), Formats.micros(e2e.max()), Formats.reasons(t.dropped()));
        }
        out.println();
        out.println("Per hop (p50 / p99) of delivered events:");
        for (WorkflowTally t : tallies) {
            String hops = LatencySpan.RECORDED.stream().skip(2)
                    .filter(span -> t.latencyUs().containsKey(span.label()))
                    .map(span -> span.label() + " " + Formats.micros(t.latencyUs().get(span.label()).p50())
                            + " / " + Formats.micros(t.latencyUs().get(span.label()).p99()))
                    .collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "  %-18s %s%n", t.workflow(), hops.isEmpty() ? "(none delivered)" : hops);
        }
        out.println();
        out.println("sent = delivered + dropped + lost; lost counts events neither delivered nor dropped with a reason.");
    }
}
