package io.tempos.bench;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.LatencySpan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code tempos bench fullstack}: the paper's Fig. 7 on loopback. A strict workflow {@code sq}
 * and a best-effort one {@code bq}, both Algorithm 1 as a warm DLF, ramp from 10 to 1000 events/s
 * each — first one at a time, then both together — and, beyond the paper, strict at the top
 * rate under a best-effort flood. Each step runs on a fresh deployment ({@link CaseRunner}); per
 * step it reports end-to-end latency (creation at the trigger to the end of the function) and
 * the six hops of Fig. 7b. In the same run: the raw two-hop relay at each rate and the plain
 * in-process C call, the floors of delivery and of the function hop.
 */
public final class FullStackBench {

    /** The ramp's rates, as in the paper's Fig. 7a (10 to 1000 events/s). */
    public static final List<Integer> RATES = List.of(10, 50, 100, 250, 500, 750, 1000);
    /** The phase names, in the order they run. */
    public static final List<String> PHASES = FullStackPhase.NAMES;

    /**
     * What to run and where to write.
     *
     * @param stepS    measured seconds per step, and for each relay baseline
     * @param warmupS  seconds of load before each step's measurement, not measured
     * @param rates    the ramp's rates, events/s per workflow, run in ascending order
     * @param phases   names from {@link #PHASES}, run in that order
     * @param function Algorithm 1 as a shared library (both workflows run it as a warm DLF)
     * @param event    the event every source sends
     * @param json     where to write the results as JSON, or null
     * @param report   where to write the HTML report, or null
     */
    public record Options(int stepS, double warmupS, List<Integer> rates, List<String> phases, Path function, Path event,
                          Path json, Path report) {

        /** @throws IllegalArgumentException naming every value that cannot run, and why */
        public Options {
            rates = rates.stream().sorted().distinct().toList();
            phases = List.copyOf(phases);
            OptionProblems problems = new OptionProblems()
                    .seconds("--step", stepS, 1, 3_600)
                    .seconds("--warmup", warmupS, 0, 600);
            if (rates.isEmpty()) {
                problems.add("--rates: name at least one rate");
            }
            for (int rate : rates) {
                if (rate < 1 || rate > 100_000) {
                    problems.add("--rates: " + rate + " events/s outside 1..100000");
                }
            }
            problems.names("--phases", "phase", phases, PHASES)
                    .file("--function", function, " (build the functions first: ./tempos build)")
                    .file("--event", event, "")
                    .throwIfAny();
        }
    }

    private final Options options;

    public FullStackBench(Options options) {
        this.options = options;
    }

    /** Runs the baselines and every step, printing progress and the tables; writes the JSON and HTML asked for. */
    public void run(PrintStream out) throws IOException, InterruptedException {
        FullStackResults.Report report = measure(out);
        if (options.json() != null) {
            FullStackResults.write(report, options.json());
            out.println("results: " + options.json());
        }
        if (options.report() != null) {
            HtmlReport.write(HtmlReport.page("Tempos full-stack benchmark", FullStackHtml.section(report)), options.report());
            out.println("report: " + options.report());
        }
    }

    /** Runs the baselines and every step, printing progress and the tables; returns the results. */
    FullStackResults.Report measure(PrintStream out) throws IOException, InterruptedException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] event = Files.readAllBytes(options.event());
        byte[] datagram = DeliveryBench.datagram(FullStackPhase.STRICT_FLOW, event);
        List<FullStackPhase> phases = options.phases().stream().map(FullStackPhase::named).toList();
        int steps = phases.stream().mapToInt(p -> p == FullStackPhase.FLOOD ? 1 : options.rates().size()).sum();
        out.printf(Locale.ROOT, "tempos bench fullstack: %d step(s) x (%.1f s warm-up + %d s) at %s events/s, plus the relay at each "
                        + "rate and the plain C call; %,d-byte datagrams%n", steps, options.warmupS(), options.stepS(), options.rates(),
                datagram.length);

        List<DeliveryResults.Baseline> relays = new ArrayList<>();
        for (int rate : options.rates()) {
            out.printf(Locale.ROOT, "[relay baseline @%d/s]%n", rate);
            relays.add(new RelayBaseline(datagram, rate).run(options.warmupS(), options.stepS(), out));
        }
        PlainCallBaseline.Result plainCall = PlainCallBaseline.run(options.function(), event, Math.min(1, options.warmupS()),
                Math.min(options.stepS(), 5), out);

        CaseRunner runner = new CaseRunner(options.function(), event, options.warmupS(), options.stepS(), LatencySpan.END_TO_END, out);
        List<FullStackResults.Step> results = new ArrayList<>();
        for (FullStackPhase phase : phases) {
            List<Integer> rates = phase == FullStackPhase.FLOOD ? List.of(options.rates().getLast()) : options.rates();
            for (int rate : rates) {
                BenchLoad load = phase.load(rate);
                List<WorkflowTally> tallies = runner.run(load).tallies();
                List<FullStackResults.Flow> flows = new ArrayList<>();
                for (int i = 0; i < tallies.size(); i++) {
                    BenchLoad.Flow flow = load.flows().get(i);
                    WorkflowTally t = tallies.get(i);
                    flows.add(FullStackResults.Flow.of(t, flow.flood() ? runner.achievedRate(t) : flow.ratePerS(), flow.flood()));
                }
                results.add(new FullStackResults.Step(load.name(), phase.label(), rate, flows));
            }
        }
        FullStackResults.Baselines baselines = new FullStackResults.Baselines(relays, plainCall);
        FullStackResults.Report report = new FullStackResults.Report("fullstack", startedAt, DeliveryResults.Machine.current(),
                options.stepS(), options.warmupS(), options.rates(), datagram.length, options.function().toString(), baselines, results,
                targets(options.rates().getLast(), results), FullStackResults.Paper.FIG_7);
        FullStackTable.print(report, out);
        return report;
    }

    /** The targets, judged on this run (benchmark results, not tests). */
    static List<DeliveryResults.Target> targets(int topRate, List<FullStackResults.Step> steps) {
        FullStackResults.Flow concurrent = strict(steps, FullStackPhase.CONCURRENT, topRate);
        FullStackResults.Flow alone = strict(steps, FullStackPhase.STRICT_ALONE, topRate);
        FullStackResults.Flow flood = strict(steps, FullStackPhase.FLOOD, topRate);
        Double unaccounted = steps.isEmpty() ? null : (double) steps.stream().flatMap(s -> s.flows().stream())
                .mapToLong(FullStackResults.Flow::unaccounted).sum();
        return List.of(
                Targets.target("strict p99 end to end (µs), " + topRate + "/s with best-effort at " + topRate + "/s",
                        concurrent == null ? null : concurrent.endToEndUs().p99(), 1_000),
                Targets.target("strict p99 under the best-effort flood / strict p99 alone, " + topRate + "/s",
                        Targets.ratio(p99(flood), p99(alone)), 2.0),
                Targets.target("events unaccounted, all steps and flows", unaccounted, 0));
    }

    private static FullStackResults.Flow strict(List<FullStackResults.Step> steps, FullStackPhase phase, int rate) {
        return steps.stream().filter(s -> s.phase().equals(phase.label()) && s.ratePerS() == rate)
                .map(s -> s.flows().stream().filter(f -> f.qos().equals(QosLevel.STRICT)).findFirst().orElse(null))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static Double p99(FullStackResults.Flow flow) {
        return flow == null ? null : flow.endToEndUs().p99();
    }
}
