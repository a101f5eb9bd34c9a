package io.tempos.cli;

import io.tempos.bench.AllBench;
import io.tempos.bench.DeliveryBench;
import io.tempos.bench.FullStackBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tempos bench …}: the paper's experiments and this machine's floor, run by the bench module. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark of the paper's experiments, with this machine's raw limits measured in the same run.",
        subcommands = {BenchCommand.Delivery.class, ProcessingCommand.class, BenchCommand.FullStack.class, BenchCommand.All.class, BenchCommand.Report.class,
                CommandLine.HelpCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: delivery, processing, fullstack, all (or report)");
    }

    /** {@code tempos bench delivery}: Fig. 4 on loopback. */
    @Command(name = "delivery", mixinStandardHelpOptions = true,
            description = {"Reproduces the paper's Fig. 4 on loopback: delivery latency (creation at the trigger to reception at "
                    + "the invoker) of strict and best-effort flows alone, together, and under a best-effort flood, with a raw "
                    + "two-hop UDP relay measured at the same rate as the machine's floor.",
                    "Cases: alone-strict, alone-best-effort, 1sq-1bq, 1sq-3bq, 1sq-3bq-flood."})
    static final class Delivery implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "30",
                description = "Measured seconds per case and for the baseline (default: ${DEFAULT-VALUE}; the paper used 300).")
        int durationS;

        @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2",
                description = "Seconds of load before each measurement, not measured (default: ${DEFAULT-VALUE}).")
        double warmupS;

        @Option(names = "--cases", paramLabel = "NAME", split = ",",
                description = "Cases to run, comma-separated (default: all, in order).")
        List<String> cases = DeliveryBench.CASES;

        @Option(names = "--wait", paramLabel = "STRATEGY", split = ",",
                description = "Wait strategies of the strict level's queue processor to compare, comma-separated: park, yield, spin. "
                        + "Each case runs once per strategy, and the output adds per strategy the strict p50/p99 beside the CPU the "
                        + "process used. The best-effort level keeps park. (default: park, the built-in strict level's wait.)")
        List<String> waits = List.of("park");

        @CommandLine.Mixin
        ResultFiles results = new ResultFiles();

        @CommandLine.Mixin
        Inputs inputs = new Inputs();

        @Override
        public Integer call() throws Exception {
            return BenchRun.run(spec, () -> new DeliveryBench.Options(durationS, warmupS, cases, waits, inputs.function, inputs.event,
                    results.json, results.report), (options, out) -> new DeliveryBench(options).run(out));
        }
    }

    /** {@code tempos bench fullstack}: Fig. 7 on loopback. */
    @Command(name = "fullstack", mixinStandardHelpOptions = true,
            description = {"Reproduces the paper's Fig. 7 on loopback: end-to-end latency (creation at the trigger to the end of "
                    + "the function) and its six hops, of a strict and a best-effort workflow running Algorithm 1 (warm DLF), ramping "
                    + "from 10 to 1000 events/s each, alone then together, then strict at the top rate under a best-effort flood; "
                    + "with the raw two-hop relay at each rate and the plain in-process C call measured in the same run.",
                    "Phases: strict-alone, best-effort-alone, concurrent, flood."})
    static final class FullStack implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--step", paramLabel = "SECONDS", defaultValue = "10",
                description = "Measured seconds per step and per relay rate (default: ${DEFAULT-VALUE}).")
        int stepS;

        @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1",
                description = "Seconds of load before each step, not measured (default: ${DEFAULT-VALUE}).")
        double warmupS;

        @Option(names = "--rates", paramLabel = "N", split = ",",
                description = "Events/s per workflow of the ramp, comma-separated (default: 10,50,100,250,500,750,1000).")
        List<Integer> rates = FullStackBench.RATES;

        @Option(names = "--phases", paramLabel = "NAME", split = ",", description = "Phases to run, comma-separated (default: all, in order).")
        List<String> phases = FullStackBench.PHASES;

        @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
        Path json;

        @Option(names = "--report", paramLabel = "FILE", description = "Write an HTML report with the charts of Fig. 7a and 7b to FILE.")
        Path report;

        @CommandLine.Mixin
        Inputs inputs = new Inputs();

        @Override
        public Integer call() throws Exception {
            return BenchRun.run(spec, () -> new FullStackBench.Options(stepS, warmupS, rates, phases, inputs.function, inputs.event,
                    json, report), (options, out) -> new FullStackBench(options).run(out));
        }
    }

    /** {@code tempos bench all}: every benchmark of this build, one JSON, one report. */
    @Command(name = "all", mixinStandardHelpOptions = true,
            description = {"Runs delivery (Fig. 4), processing (Table 2, Fig. 5 and 6) and full stack (Fig. 7) with their same-run "
                    + "baselines, and writes one JSON document and one HTML report with the figures' charts.",
                    "Profiles: quick (under 5 minutes: 3 s per case, 2 s per step), paper (the paper's 5 minutes per case and per ramp, "
                            + "and the strict wait strategies park, yield and spin compared on alone-strict and 1sq-3bq)."})
    static final class All implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--profile", paramLabel = "NAME", defaultValue = "quick", description = "quick or paper (default: ${DEFAULT-VALUE}).")
        String profile;

        @Option(names = "--json", paramLabel = "FILE", description = "Write every result as one JSON document to FILE.")
        Path json;

        @Option(names = "--report", paramLabel = "FILE", description = "Write one HTML report with every chart to FILE.")
        Path report;

        @CommandLine.Mixin
        Inputs inputs = new Inputs();

        @Override
        public Integer call() throws Exception {
            return BenchRun.run(spec, () -> new AllBench(new AllBench.Options(AllBench.Profile.named(profile), inputs.function,
                    inputs.event, json, report)), AllBench::run);
        }
    }

    /** {@code tempos bench report}: the HTML report of a saved {@code bench all --json} run. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Writes the HTML report of a run saved by `tempos bench all --json FILE`, without running anything.")
    static final class Report implements Callable<Integer> {

        @CommandLine.Parameters(index = "0", paramLabel = "JSON", description = "The results of `tempos bench all --json`.")
        Path json;

        @CommandLine.Parameters(index = "1", paramLabel = "HTML", description = "Where to write the report.")
        Path html;

        @Override
        public Integer call() throws Exception {
            AllBench.report(json, html);
            System.out.println("report: " + html);
            return 0;
        }
    }

    /**
     * Where a benchmark writes its results, for the benchmarks whose files say the same (fullstack
     * and all name their report's charts, so they keep their own options).
     */
    static final class ResultFiles {

        @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
        Path json;

        @Option(names = "--report", paramLabel = "FILE", description = "Write an HTML report with charts to FILE.")
        Path report;
    }

    /** The function and the event every benchmark sends. */
    static final class Inputs {

        @Option(names = "--function", paramLabel = "FILE", defaultValue = "functions/algorithm1-c/target/libalgorithm1.so",
                description = "Algorithm 1 as a shared library, run as a warm DLF (default: ${DEFAULT-VALUE}).")
        Path function;

        @Option(names = "--event", paramLabel = "FILE", defaultValue = "functions/testdata/event-1k5-100.json",
                description = "The event every flow sends (default: ${DEFAULT-VALUE}).")
        Path event;
    }
}
