package io.tempos.cli.testbed;

import io.tempos.bench.Formats;
import io.tempos.cli.DemoReport;
import io.tempos.bench.WorkflowTally;
import io.tempos.cli.testbed.ClassCounters.ClassCount;
import io.tempos.core.qos.QosLevel;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a testbed run's results (the demo's tables plus the qdisc classes) and compares runs with classes on and off. */
final class TestbedReport {

    private TestbedReport() {
    }

    static void print(PrintStream out, RunResult run) {
        out.println();
        new DemoReport(out).results(run.workflows(), String.format(Locale.ROOT, "Testbed, %s: events per workflow over %d s",
                run.shaping().describe(), run.durationS()));
        out.println();
        out.println("Packets per htb class on each host's link (sent / dropped by the qdisc):");
        for (Map.Entry<String, List<ClassCount>> host : run.qdisc().entrySet()) {
            String classes = host.getValue().stream()
                    .map(c -> String.format(Locale.ROOT, "%s %s %,d / %,d", c.handle(), RunResults.roleOf(c.handle()), c.packets(), c.dropped()))
                    .collect(Collectors.joining(" | "));
            out.printf(Locale.ROOT, "  %-10s %s%n", host.getKey(), classes);
        }
    }

    /** For each strict workflow measured with classes on and off: p99 on / p99 off (the target is at most 0.2). */
    static void compare(PrintStream out, List<RunResult> runs) {
        RunResult on = runs.stream().filter(r -> r.shaping().classes()).findFirst().orElse(null);
        RunResult off = runs.stream().filter(r -> !r.shaping().classes()).findFirst().orElse(null);
        if (on == null || off == null) {
            return;
        }
        out.println();
        out.println("Strict end-to-end p99, classes on vs off (target: on <= 0.2 x off):");
        for (WorkflowTally strict : on.workflows()) {
            WorkflowTally baseline = off.workflow(strict.workflow());
            if (!QosLevel.STRICT.equals(strict.level()) || baseline == null) {
                continue;
            }
            double p99On = strict.endToEnd().p99();
            double p99Off = baseline.endToEnd().p99();
            out.printf(Locale.ROOT, "  %-18s on %s, off %s: ratio %s%n", strict.workflow(), Formats.micros(p99On), Formats.micros(p99Off),
                    p99Off > 0 ? String.format(Locale.ROOT, "%.3f", p99On / p99Off) : "n/a (nothing delivered without classes)");
        }
    }
}
