package io.tempos.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every {@code tempos bench …} command does around its benchmark: options checked whole
 * before anything starts, the components' logs quieted, progress on standard output.
 */
final class BenchRun {

    /** A benchmark run on options already checked, its progress and results written to {@code out}. */
    @FunctionalInterface
    interface Benchmark<O> {
        void run(O options, PrintStream out) throws IOException, InterruptedException;
    }

    /**
     * Held so that the level sticks: components log each start and each function load at INFO,
     * several times a case, between the progress lines.
     */
    private static final Logger COMPONENT_LOGS = Logger.getLogger("io.tempos");

    private BenchRun() {
    }

    /**
     * Builds the options from the command line, then runs {@code benchmark} on them; returns the
     * exit code 0 once it finished.
     *
     * @throws CommandLine.ParameterException when {@code options} refuses the command line (an
     *                                        {@link IllegalArgumentException}): a usage error, exit
     *                                        code 2, naming every problem, before anything started
     */
    static <O> int run(CommandLine.Model.CommandSpec spec, Supplier<O> options, Benchmark<O> benchmark)
            throws IOException, InterruptedException {
        O checked;
        try {
            checked = options.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        COMPONENT_LOGS.setLevel(Level.WARNING);
        benchmark.run(checked, System.out);
        return 0;
    }
}
