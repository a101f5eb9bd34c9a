package io.tempos.cli;

import io.tempos.bench.DeliveryBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code tempos bench …}: the paper's experiments and this machine's floor, run by the bench module. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark of the paper's experiments, with this machine's raw limits measured in the same run.",
        subcommands = {BenchCommand.Delivery.class, ProcessingCommand.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: delivery, processing");
    }

    /** {@code tempos bench delivery}: Fig. 4 on loopback. */
    @Command(name = "delivery", mixinStandardHelpOptions = true,
            description = {"Reproduces the paper's Fig. 4 on loopback: delivery latency (creation at the trigger to reception at "
                    + "the invoker) of strict and best-effort flows alone, together, and under a best-effort flood, with a raw "
                    + "two-hop UDP relay measured at the same rate as the machine's floor.",
                    "Cases: alone-strict, alone-best-effort, 1sq-1bq, 1sq-3bq, 1sq-3bq-flood."})
    static final class Delivery implements Callable<Integer> {

        /** Held so that the level sticks: components log each start at INFO, five times a case, between progress lines. */
        private static final Logger COMPONENT_LOGS = Logger.getLogger("io.tempos");

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

        @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
        Path json;

        @Option(names = "--report", paramLabel = "FILE", description = "Write an HTML report with charts to FILE.")
        Path report;

        @Option(names = "--function", paramLabel = "FILE", defaultValue = "functions/algorithm1-c/target/libalgorithm1.so",
                description = "Algorithm 1 as a shared library (default: ${DEFAULT-VALUE}).")
        Path function;

        @Option(names = "--event", paramLabel = "FILE", defaultValue = "functions/testdata/event-1k5-100.json",
                description = "The event every flow sends (default: ${DEFAULT-VALUE}).")
        Path event;

        @Override
        public Integer call() throws Exception {
            DeliveryBench.Options options;
            try {
                options = new DeliveryBench.Options(durationS, warmupS, cases, function, event, json, report);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            COMPONENT_LOGS.setLevel(Level.WARNING);
            new DeliveryBench(options).run(System.out);
            return 0;
        }
    }
}
