package io.tempos.bench;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.Percentiles;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints the delivery benchmark's results as a table a person reads at the end of a run. */
final class DeliveryTable {

    private DeliveryTable() {
    }

    static void print(DeliveryResults.Report report, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Delivery latency, creation at the trigger -> reception at the invoker: %d s per case, paced flows at %,d events/s, "
                + "%,d-byte datagrams, %d CPUs%n%n", report.durationS(), report.ratePerS(), report.payloadBytes(), report.machine().cpus());
        DeliveryResults.Baseline b = report.baseline();
        if (b != null) {
            out.printf(Locale.ROOT, "Raw two-hop relay (plain UDP: sender -> relay -> receiver, %,d/s): p50 %s  p99 %s  p99.9 %s  max %s  "
                            + "(sent %,d, received %,d)%n%n", b.ratePerS(), Formats.micros(b.relayP50Us()), Formats.micros(b.relayP99Us()),
                    Formats.micros(b.relayP999Us()), Formats.micros(b.relayMaxUs()), b.sent(), b.received());
        }
        // The default run (every case parked) prints no wait column, as it always did.
        boolean waitColumn = !report.parkOnly();
        String header = String.format(Locale.ROOT, "%-17s " + (waitColumn ? "%-5s " : "%s") + "%-5s %-11s %9s %10s %10s %9s %6s %9s %9s %9s %9s %9s %9s",
                "case", waitColumn ? "wait" : "", "flow", "qos", "rate/s", "sent", "delivered", "dropped", "unacc", "p50", "p99", "p99.9", "max",
                "p99/alone", "p50/relay");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (DeliveryResults.Case c : report.cases()) {
            DeliveryResults.Flow alone = Targets.strictFlow(report.cases(), Targets.ALONE, c.strictWait());
            for (DeliveryResults.Flow f : c.flows()) {
                Percentiles l = f.latencyUs();
                boolean strict = f.qos().equals(QosLevel.STRICT);
                Double vsAlone = strict && alone != null ? Targets.ratio(l.p99(), alone.latencyUs().p99()) : null;
                Double vsRelay = strict && b != null ? Targets.ratio(l.p50(), b.relayP50Us()) : null;
                out.printf(Locale.ROOT, "%-17s " + (waitColumn ? "%-5s " : "%s") + "%-5s %-11s %9s %,10d %,10d %,9d %,6d %9s %9s %9s %9s %9s %9s%n",
                        c.name(), waitColumn ? c.strictWait() : "", f.name(), f.qos(),
                        (f.flood() ? "~" : "") + String.format(Locale.ROOT, "%,d", f.ratePerS()),
                        f.sent(), f.delivered(), f.droppedTotal(), f.unaccounted(), Formats.micros(l.p50()), Formats.micros(l.p99()),
                        Formats.micros(l.p999()), Formats.micros(l.max()), times(vsAlone), times(vsRelay));
            }
        }
        if (waitColumn) {
            printWaits(report, out);
        }
        out.println();
        out.println("rate ~N: a flood (as fast as the producer could), N its average. sent = delivered + dropped + unacc.");
        String drops = report.cases().stream().flatMap(c -> c.flows().stream().filter(f -> !f.dropped().isEmpty())
                        .map(f -> "  " + c.name() + " " + f.name() + ": " + Formats.reasons(f.dropped())))
                .collect(Collectors.joining(System.lineSeparator()));
        if (!drops.isEmpty()) {
            out.println("Dropped by reason:");
            out.println(drops);
        }
        out.println();
        printTargets("Targets (issue 3; benchmark results, not tests):", report.targets(), out);
        out.printf(Locale.ROOT, "Paper (Fig. 4): strict %s on average alone, under %s with 1 and 3 best-effort flows (TSN testbed, not loopback).%n",
                Formats.micros(report.paper().strictMeanAloneUs()), Formats.micros(report.paper().strictMaxWithBestEffortUs()));
    }

    /**
     * The effect of the strict wait strategy: per case and strategy, the strict flow's p50 and p99
     * (against the relay's, and the p99 against the same case parked) beside the CPU the process used.
     */
    static void printWaits(DeliveryResults.Report report, PrintStream out) {
        DeliveryResults.Baseline b = report.baseline();
        out.println();
        out.printf(Locale.ROOT, "Wait strategies of the strict queue processor (best-effort parks). CPU: the whole process (deployment, producers, "
                + "JVM) over the measured seconds, %% of one CPU (at most %d %%)%s%n", 100 * report.machine().cpus(),
                b == null || b.cpuPercent() == null ? "" : "; the raw relay used " + percent(b.cpuPercent()));
        String header = String.format(Locale.ROOT, "%-17s %-5s %9s %9s %9s %9s %9s %9s %9s", "case", "wait", "strict p50", "p99",
                "p50/relay", "p99/relay", "p99/park", "CPU", "CPU/park");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (WaitComparison.Row row : WaitComparison.rows(report)) {
            out.printf(Locale.ROOT, "%-17s %-5s %10s %9s %9s %9s %9s %9s %9s%n", row.caseName(), row.strictWait(),
                    row.p50Us() == null ? "-" : Formats.micros(row.p50Us()), row.p99Us() == null ? "-" : Formats.micros(row.p99Us()),
                    times(row.p50VsRelay()), times(row.p99VsRelay()), times(row.p99VsPark()),
                    row.cpuPercent() == null ? "-" : percent(row.cpuPercent()), times(row.cpuVsPark()));
        }
    }

    private static String percent(double cpuPercent) {
        return String.format(Locale.ROOT, "%.1f %%", cpuPercent);
    }

    /** The targets with their values and verdicts on this run, under {@code title}. */
    static void printTargets(String title, List<DeliveryResults.Target> targets, PrintStream out) {
        out.println(title);
        int width = Math.max(72, targets.stream().mapToInt(t -> t.name().length()).max().orElse(0));
        for (DeliveryResults.Target t : targets) {
            String verdict = t.met() == null ? "not measured (case not run)" : t.met() ? "met" : "NOT met";
            out.printf(Locale.ROOT, "  %-" + width + "s %8s <= %-5s %s%n", t.name(), t.value() == null ? "-" : trim(t.value()), trim(t.limit()),
                    verdict);
        }
    }

    private static String times(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
