package io.tempos.bench;

import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.stats.LatencySpan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code tempos bench delivery}: the paper's Fig. 4 on loopback, and this machine's floor in the
 * same run. Every case runs on a fresh in-process deployment (one broker, trigger and invoker on
 * loopback, Algorithm 1 as a warm DLF), its flows sending the paper's 1.5 KB event; the latency
 * measured is the invoker's delivery span, from creation at the trigger to reception at the
 * invoker. See the module's README for the cases, the output and the targets.
 */
public final class DeliveryBench {

    /** The paper's rate for every paced flow. */
    public static final int RATE_PER_S = 1000;
    /** The case names, in the order they run. */
    public static final List<String> CASES = DeliveryCase.ALL.stream().map(DeliveryCase::name).toList();

    /**
     * What to run and where to write.
     *
     * @param durationS measured seconds per case and for the relay baseline (the paper: 300)
     * @param warmupS   seconds of load before each measurement, not measured
     * @param cases     names from {@link #CASES}, run in that order
     * @param waits     the strict level's wait strategies to run the cases with ({@code park},
     *                  {@code yield}, {@code spin}; each case once per strategy, in this order); the
     *                  best-effort level keeps {@code park}
     * @param waitCases the cases that run with every strategy of {@code waits}; the others run
     *                  with the first only ({@code bench all --profile paper} compares the
     *                  strategies on two cases, not on all five)
     * @param function  the DLF of Algorithm 1 ({@code functions/algorithm1-c/target/libalgorithm1.so})
     * @param event     the event every flow sends ({@code functions/testdata/event-1k5-100.json})
     * @param json      where to write the results as JSON, or null
     * @param report    where to write the HTML report, or null
     */
    public record Options(int durationS, double warmupS, List<String> cases, List<String> waits, List<String> waitCases,
                          Path function, Path event, Path json, Path report) {

        /** @throws IllegalArgumentException naming every value that cannot run, and why */
        public Options {
            cases = List.copyOf(cases);
            waits = List.copyOf(waits);
            waitCases = List.copyOf(waitCases);
            OptionProblems problems = new OptionProblems()
                    .seconds("--duration", durationS, 1, 3_600)
                    .seconds("--warmup", warmupS, 0, 600)
                    .names("--cases", "case", cases, CASES)
                    .names("--wait", "wait strategy", "strategies", waits, Waits.NAMES);
            Set<String> seen = new HashSet<>();
            for (String wait : waits) {
                if (!seen.add(wait)) {
                    problems.add("--wait: '" + wait + "' named more than once");
                }
            }
            for (String name : waitCases) {
                if (!CASES.contains(name) && !cases.contains(name)) { // a bad name of cases is already named
                    problems.add("no delivery case named '" + name + "' to compare the waits on; cases: " + CASES);
                }
            }
            problems.file("--function", function, " (build the functions first: ./tempos build)")
                    .file("--event", event, "")
                    .throwIfAny();
        }

        /** Every case of {@code cases} with every strategy of {@code waits}. */
        public Options(int durationS, double warmupS, List<String> cases, List<String> waits, Path function, Path event, Path json,
                       Path report) {
            this(durationS, warmupS, cases, waits, cases, function, event, json, report);
        }

        /** Every case of {@code cases} with the strict level's default wait ({@code park}) only. */
        public Options(int durationS, double warmupS, List<String> cases, Path function, Path event, Path json, Path report) {
            this(durationS, warmupS, cases, List.of(Waits.DEFAULT), function, event, json, report);
        }

        /** Whether the strict level waits otherwise than by default in some run: the output then names each run's wait. */
        boolean namesWaits() {
            return !waits.equals(List.of(Waits.DEFAULT));
        }

        /** The runs, in order: per case of {@code cases}, one per strategy it runs with. */
        List<Run> plan() {
            List<Run> runs = new ArrayList<>();
            for (String name : cases) {
                List<String> caseWaits = waitCases.contains(name) ? waits : waits.subList(0, 1);
                for (String wait : caseWaits) {
                    runs.add(new Run(DeliveryCase.named(name), Waits.named(wait)));
                }
            }
            return runs;
        }
    }

    /** One case with one strict wait strategy: a measured run on a fresh deployment. */
    record Run(DeliveryCase deliveryCase, WaitStrategy strictWait) {
    }

    private final Options options;
    private final int ratePerS;

    public DeliveryBench(Options options) {
        this(options, RATE_PER_S);
    }

    /** With another rate for every paced flow: tests run at a fraction of the paper's. */
    DeliveryBench(Options options, int ratePerS) {
        if (ratePerS < 1) {
            throw new IllegalArgumentException("rate " + ratePerS + " events/s must be >= 1");
        }
        this.options = options;
        this.ratePerS = ratePerS;
    }

    /**
     * Runs the relay baseline then every case, printing progress and the final table to
     * {@code out}, and writes the JSON and HTML files asked for.
     */
    public void run(PrintStream out) throws IOException, InterruptedException {
        DeliveryResults.Report report = measure(out);
        if (options.json() != null) {
            DeliveryResults.write(report, options.json());
            out.println("results: " + options.json());
        }
        if (options.report() != null) {
            HtmlReport.write(report, options.report());
            out.println("report: " + options.report());
        }
    }

    /** Runs the relay baseline then every case, printing progress and the final table; returns the results. */
    DeliveryResults.Report measure(PrintStream out) throws IOException, InterruptedException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] event = Files.readAllBytes(options.event());
        byte[] strictDatagram = datagram(DeliveryCase.STRICT_FLOW, event);
        out.printf(Locale.ROOT, "tempos bench delivery: %d case(s) x (%.1f s warm-up + %d s), plus the relay baseline; "
                        + "paced flows at %,d events/s of %,d bytes%n", options.plan().size(), options.warmupS(), options.durationS(),
                ratePerS, strictDatagram.length);
        if (options.namesWaits()) {
            out.printf(Locale.ROOT, "strict queue processor waits: %s (best-effort parks); CPU: the whole process over each measured window%n",
                    String.join(", ", options.waits()));
        }

        RelayBaseline relay = new RelayBaseline(strictDatagram, ratePerS);
        if (options.warmupS() > 0) {
            out.printf(Locale.ROOT, "[relay baseline] warm-up %.1f s (not measured)%n", options.warmupS());
        }
        DeliveryResults.Baseline baseline = relay.run(options.warmupS(), options.durationS(), out);

        CaseRunner runner = new CaseRunner(options.function(), event, options.warmupS(), options.durationS(), LatencySpan.DELIVERY, out);
        List<Run> plan = options.plan();
        // The default run keeps the case names as they always were; once waits differ, each run says its wait.
        boolean nameTheWait = options.namesWaits();
        List<DeliveryResults.Case> cases = new ArrayList<>();
        for (Run run : plan) {
            DeliveryCase deliveryCase = run.deliveryCase();
            String wait = Waits.label(run.strictWait());
            BenchLoad caseLoad = deliveryCase.load(ratePerS);
            BenchLoad load = new BenchLoad(nameTheWait ? caseLoad.name() + "@" + wait : caseLoad.name(), caseLoad.description(),
                    caseLoad.flows(), run.strictWait());
            List<DeliveryResults.Flow> flows = new ArrayList<>();
            CaseRunner.Outcome outcome = runner.run(load);
            for (int i = 0; i < outcome.tallies().size(); i++) {
                BenchLoad.Flow flow = load.flows().get(i);
                WorkflowTally t = outcome.tallies().get(i);
                flows.add(DeliveryResults.Flow.of(t, flow.flood() ? runner.achievedRate(t) : flow.ratePerS(), flow.flood()));
            }
            cases.add(new DeliveryResults.Case(deliveryCase.name(), deliveryCase.description(), wait, outcome.cpuPercent(), flows));
        }
        DeliveryResults.Report report = new DeliveryResults.Report("delivery", startedAt, DeliveryResults.Machine.current(),
                options.durationS(), options.warmupS(), ratePerS, strictDatagram.length, baseline, cases,
                Targets.of(baseline, cases, options.waits()), DeliveryResults.Paper.FIG_4);
        DeliveryTable.print(report, out);
        return report;
    }

    /** What a source sends to the trigger: {@code <workflow>\n<event>}. */
    static byte[] datagram(String workflow, byte[] event) {
        byte[] name = (workflow + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] datagram = new byte[name.length + event.length];
        System.arraycopy(name, 0, datagram, 0, name.length);
        System.arraycopy(event, 0, datagram, name.length, event.length);
        return datagram;
    }
}
