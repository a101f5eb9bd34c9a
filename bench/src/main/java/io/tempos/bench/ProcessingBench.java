package io.tempos.bench;

import io.tempos.invoker.FunctionRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code tempos bench processing}: the paper's Table 2 and Fig. 5 (invocations completed and
 * execution time per invocation method and language, one function at a time) and Fig. 6 (two
 * strict and four best-effort functions invoked at once), on the processing layer alone: each
 * function is loaded by the invoker's own invocation classes ({@link FunctionRunner}) and
 * invoked back to back on this JVM's threads, with no socket and no queue. The machine's raw
 * limits (plain C and Java calls, a C dlopen loop, C posix_spawn loops) are measured in the same
 * run, and every result is read as a ratio to its own. See the module's README.
 */
public final class ProcessingBench {

    /** The invocation methods, in the order they run. */
    public static final List<String> METHODS = List.of("dlf-cold", "dlf-warm", "wasm-fresh", "wasm-warm", "spawn", "spawn-persistent", "jvm");
    /** The methods of Fig. 6's concurrent case. */
    static final List<String> CONCURRENT_METHODS = List.of("dlf-warm", "wasm-warm", "spawn", "jvm");

    /**
     * What to run and where to write.
     *
     * @param durationS measured seconds of every run, raw limit and concurrent case
     * @param methods   names from {@link #METHODS}, run in that order
     * @param functions the functions directory ({@code functions}): the artifacts of every language
     * @param baselines the C raw-limit program ({@code bench/target/baselines})
     * @param event     the event every invocation gets ({@code functions/testdata/event-1k5-100.json})
     * @param json      where to write the results as JSON, or null
     * @param report    where to write the HTML report, or null
     */
    public record Options(int durationS, List<String> methods, Path functions, Path baselines, Path event, Path json, Path report) {

        /** @throws IllegalArgumentException naming every value that cannot run, and why */
        public Options {
            methods = List.copyOf(methods);
            OptionProblems problems = new OptionProblems()
                    .seconds("--duration", durationS, 1, 3_600)
                    .names("--methods", "method", methods, METHODS);
            if (!Files.isDirectory(functions)) {
                problems.add("--functions " + functions + ": no such directory (run from the repository's root)");
            }
            if (!Files.isExecutable(baselines)) {
                problems.add("--baselines " + baselines + ": no such program (build the bench module: mvn -pl bench -am package)");
            }
            problems.file("--event", event, "").throwIfAny();
        }
    }

    private final Options options;

    public ProcessingBench(Options options) {
        this.options = options;
    }

    /** Runs the raw limits, every method alone, then the concurrent cases; prints progress and the tables; writes the files asked for. */
    public void run(PrintStream out) throws IOException, InterruptedException {
        ProcessingResults.Report report = measure(out);
        if (options.json() != null) {
            ProcessingResults.write(report, options.json());
            out.println("results: " + options.json());
        }
        if (options.report() != null) {
            ProcessingReport.write(report, options.report());
            out.println("report: " + options.report());
        }
    }

    /** Runs the raw limits, every method alone, then the concurrent cases; prints progress and the tables. */
    ProcessingResults.Report measure(PrintStream out) throws IOException, InterruptedException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] payload = Files.readAllBytes(options.event());
        List<String> skipped = new ArrayList<>();
        List<ProcessingSubject> subjects = new ArrayList<>();
        for (String method : options.methods().stream().sorted((a, b) -> METHODS.indexOf(a) - METHODS.indexOf(b)).toList()) {
            for (ProcessingSubject s : ProcessingSubject.all(options.functions())) {
                if (!s.method().equals(method)) {
                    continue;
                }
                if (s.missing() != null) {
                    skip(skipped, s.label() + ": " + s.missing(), out);
                } else {
                    subjects.add(s);
                }
            }
        }
        List<String> needed = subjects.stream().map(ProcessingSubject::baseline).distinct().toList();
        out.printf(Locale.ROOT, "tempos bench processing: %d raw limit(s), %d run(s), %d concurrent case(s), %d s each; %,d-byte event%n",
                needed.size(), subjects.size(), concurrentMethods(subjects).size(), options.durationS(), payload.length);

        RawLimit raw = new RawLimit(options.baselines(), options.functions(), options.event());
        Map<String, ProcessingResults.Baseline> baselines = new LinkedHashMap<>();
        for (String name : needed) {
            out.printf(Locale.ROOT, "[raw limit %s] %d s ...%n", name, options.durationS());
            try {
                ProcessingResults.Baseline b = raw.measure(name, options.durationS());
                baselines.put(name, b);
                out.printf(Locale.ROOT, "  %,.0f calls/s, mean %s%n", b.perS(), Formats.micros(b.execUs().mean()));
            } catch (IOException e) {
                skip(skipped, "raw limit " + name + ": " + e.getMessage(), out);
            }
        }

        MemorySegment event = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(payload.length).put(payload).flip());
        List<ProcessingResults.Run> runs = new ArrayList<>();
        for (ProcessingSubject s : subjects) {
            ProcessingResults.Baseline b = baselines.get(s.baseline());
            if (b == null) {
                skip(skipped, s.label() + ": its raw limit " + s.baseline() + " did not run", out);
                continue;
            }
            out.printf(Locale.ROOT, "[%s] %d s ...%n", s.label(), options.durationS());
            try (FunctionRunner runner = FunctionRunner.load(s.spec(), null)) {
                if (!JitWarmUp.run(deadlineNs -> InvocationLoop.time(runner, event, deadlineNs, s.label(), null),
                        InvocationLoop.warmupNs(options.durationS()))) {
                    out.printf(Locale.ROOT, "  NOTICE: the JIT was still compiling after %d s of warm-up%n", JitWarmUp.MAX_S);
                }
                InvocationLoop.Timed t = InvocationLoop.time(runner, event,
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(options.durationS()), s.label(), out);
                if (t.failures() > 0) {
                    out.printf(Locale.ROOT, "  NOTICE: %,d of %,d invocations failed; last: %s%n", t.failures(), t.invocations(),
                            runner.lastFailure());
                }
                runs.add(new ProcessingResults.Run(s.method(), s.language(), s.spec().artifact(), t.invocations(), t.failures(),
                        round(t.seconds(), 3), round(t.perS(), 1), t.exec(), b.name(), b.perS(), round(t.perS() / b.perS(), 3)));
            } catch (IllegalArgumentException e) {
                skip(skipped, s.label() + ": does not load: " + e.getMessage(), out);
            }
        }

        List<ProcessingResults.Concurrent> concurrent = new ArrayList<>();
        for (ProcessingSubject s : concurrentMethods(subjects)) {
            boolean ran = runs.stream().anyMatch(r -> r.method().equals(s.method()) && r.language().equals(s.language()));
            if (!ran) {
                continue; // its run was skipped, with a notice
            }
            out.printf(Locale.ROOT, "[concurrent %s %s] %d strict + %d best-effort threads: warm-up, strict alone, best-effort alone,"
                    + " concurrent, %d s each ...%n", s.method(), s.language(), ConcurrentCase.STRICT_THREADS,
                    ConcurrentCase.BEST_EFFORT_THREADS, options.durationS());
            try {
                concurrent.add(ConcurrentCase.run(s, event, options.durationS(), out));
            } catch (IllegalArgumentException e) {
                skip(skipped, "concurrent " + s.label() + ": " + e.getMessage(), out);
            }
        }

        ProcessingResults.Report report = new ProcessingResults.Report("processing", startedAt, DeliveryResults.Machine.current(),
                options.durationS(), payload.length, List.copyOf(baselines.values()), runs, concurrent, skipped,
                ProcessingTargets.of(runs, baselines, concurrent));
        ProcessingTable.print(report, out);
        return report;
    }

    /** Fig. 6's subjects: per concurrent method, its first language (C, or Java for the JVM). */
    private static List<ProcessingSubject> concurrentMethods(List<ProcessingSubject> subjects) {
        List<ProcessingSubject> chosen = new ArrayList<>();
        for (String method : CONCURRENT_METHODS) {
            subjects.stream().filter(s -> s.method().equals(method)).findFirst().ifPresent(chosen::add);
        }
        return chosen;
    }

    private static void skip(List<String> skipped, String why, PrintStream out) {
        skipped.add(why);
        out.println("NOTICE: skipping " + why);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
