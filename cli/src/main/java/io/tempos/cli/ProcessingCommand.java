package io.tempos.cli;

import io.tempos.bench.ProcessingBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tempos bench processing}: the paper's Table 2, Fig. 5 and Fig. 6, on the processing layer alone. */
@Command(name = "processing", mixinStandardHelpOptions = true,
        description = {"Reproduces the paper's Table 2 and Fig. 5 (invocations and execution time per invocation method and "
                + "language, one function at a time) and Fig. 6 (2 strict and 4 best-effort functions at once), with this "
                + "machine's raw limits (plain C and Java calls, C dlopen and posix_spawn loops, raw interpreter spawns) "
                + "measured in the same run.",
                "Methods: dlf-cold, dlf-warm, wasm-fresh, wasm-warm, spawn, spawn-persistent, jvm."})
final class ProcessingCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured seconds per run, raw limit and concurrent case (default: ${DEFAULT-VALUE}).")
    int durationS;

    @Option(names = "--methods", paramLabel = "NAME", split = ",", description = "Methods to run, comma-separated (default: all).")
    List<String> methods = ProcessingBench.METHODS;

    @CommandLine.Mixin
    BenchCommand.ResultFiles results = new BenchCommand.ResultFiles();

    @Option(names = "--functions", paramLabel = "DIR", defaultValue = "functions",
            description = "The built functions of every language (default: ${DEFAULT-VALUE}).")
    Path functions;

    @Option(names = "--baselines", paramLabel = "FILE", defaultValue = "bench/target/baselines",
            description = "The C raw-limit program built by the bench module (default: ${DEFAULT-VALUE}).")
    Path baselines;

    @Option(names = "--event", paramLabel = "FILE", defaultValue = "functions/testdata/event-1k5-100.json",
            description = "The event every invocation gets (default: ${DEFAULT-VALUE}).")
    Path event;

    @Override
    public Integer call() throws Exception {
        return BenchRun.run(spec, () -> new ProcessingBench.Options(durationS, methods, functions, baselines, event, results.json, results.report),
                (options, out) -> new ProcessingBench(options).run(out));
    }
}
