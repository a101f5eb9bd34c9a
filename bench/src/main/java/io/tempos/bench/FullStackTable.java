package io.tempos.bench;

import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints the full-stack benchmark's results as tables a person reads at the end of a run. */
final class FullStackTable {

    private FullStackTable() {
    }

    static void print(FullStackResults.Report report, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "End to end, creation at the trigger -> end of the function (Algorithm 1, warm DLF): %d s per step, "
                + "%,d-byte datagrams, %d CPUs%n%n", report.stepS(), report.payloadBytes(), report.machine().cpus());
        FullStackResults.Baselines b = report.baselines();
        out.println("Floors measured in this run:");
        for (DeliveryResults.Baseline relay : b.relay()) {
            out.printf(Locale.ROOT, "  raw two-hop relay at %,5d/s: p50 %s  p99 %s  max %s%n", relay.ratePerS(),
                    Formats.micros(relay.relayP50Us()), Formats.micros(relay.relayP99Us()), Formats.micros(relay.relayMaxUs()));
        }
        Percentiles call = b.plainCall().latencyUs();
        out.printf(Locale.ROOT, "  plain C call of Algorithm 1 (in-process, cached FFM downcall): p50 %s  p99 %s  mean %s%n%n",
                Formats.micros(call.p50()), Formats.micros(call.p99()), Formats.micros(call.mean()));

        String header = String.format(Locale.ROOT, "%-22s %-4s %8s %9s %9s %8s %6s %9s %9s %9s %9s %9s", "step", "flow", "rate/s",
                "sent", "completed", "dropped", "unacc", "mean", "p50", "p99", "p99.9", "max");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (FullStackResults.Step step : report.steps()) {
            for (FullStackResults.Flow f : step.flows()) {
                Percentiles l = f.endToEndUs();
                out.printf(Locale.ROOT, "%-22s %-4s %8s %,9d %,9d %,8d %,6d %9s %9s %9s %9s %9s%n", step.name(), f.name(),
                        (f.flood() ? "~" : "") + String.format(Locale.ROOT, "%,d", f.ratePerS()), f.sent(), f.completed(),
                        f.droppedTotal(), f.unaccounted(), Formats.micros(l.mean()), Formats.micros(l.p50()), Formats.micros(l.p99()),
                        Formats.micros(l.p999()), Formats.micros(l.max()));
            }
        }
        out.println();
        out.println("Mean per hop (Fig. 7b), top rate and flood:");
        String hops = FullStackResults.HOPS.stream().map(LatencySpan::label).collect(Collectors.joining(" | "));
        out.println("  " + hops);
        for (FullStackResults.Step step : report.steps()) {
            if (step.ratePerS() != report.topRate()) {
                continue;
            }
            for (FullStackResults.Flow f : step.flows()) {
                String means = FullStackResults.HOPS.stream().map(h -> Formats.micros(f.hop(h).mean())).collect(Collectors.joining(" | "));
                out.printf(Locale.ROOT, "  %-22s %-4s %s%n", step.name(), f.name(), means);
            }
        }
        out.println();
        out.println("rate ~N: a flood (as fast as the producer could), N its average. sent = completed + dropped + unacc.");
        String drops = report.steps().stream().flatMap(s -> s.flows().stream().filter(f -> !f.dropped().isEmpty())
                        .map(f -> "  " + s.name() + " " + f.name() + ": " + Formats.reasons(f.dropped())))
                .collect(Collectors.joining(System.lineSeparator()));
        if (!drops.isEmpty()) {
            out.println("Dropped by reason:");
            out.println(drops);
        }
        out.println();
        DeliveryTable.printTargets("Targets (issue 6; benchmark results, not tests):", report.targets(), out);
        FullStackResults.Paper paper = report.paper();
        out.printf(Locale.ROOT, "Paper (Fig. 7a, averages): strict %s isolated, best-effort %s isolated, strict %s concurrent; "
                        + "best-effort degrades past %d/s (edge boards and TSN links, not loopback).%n",
                Formats.micros(paper.strictMeanIsolatedUs()), Formats.micros(paper.bestEffortMeanIsolatedUs()),
                Formats.micros(paper.strictMeanConcurrentUs()), paper.bestEffortDegradesAbovePerS());
    }
}
