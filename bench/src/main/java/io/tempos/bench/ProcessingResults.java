package io.tempos.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The results of one run of the processing benchmark, as written to {@code --json FILE}
 * (snake_case keys, times in microseconds). Every run names the raw limit it is read against,
 * measured in the same run.
 */
final class ProcessingResults {

    private ProcessingResults() {
    }

    /**
     * @param durationS  measured seconds of every run, baseline and concurrent case
     * @param eventBytes the event every invocation gets (Algorithm 1's 1.5 KB event)
     * @param skipped    runs that could not run here (a toolchain or artifact missing), with why
     */
    record Report(String scenario, String startedAt, DeliveryResults.Machine machine, int durationS, int eventBytes,
                  List<Baseline> baselines, List<Run> runs, List<Concurrent> concurrent, List<String> skipped, List<Target> targets) {
    }

    record Exec(double p50, double p99, double mean) {
    }

    /** A raw limit: Algorithm 1 run the plainest way, no Tempos code. */
    record Baseline(String name, String description, long invocations, double seconds, double perS, Exec execUs) {
    }

    /**
     * One method and language run alone, back to back, on the caller's thread.
     *
     * @param failures        invocations the function failed (counted in {@code invocations})
     * @param ratioToBaseline {@code per_s / baseline_per_s}
     */
    record Run(String method, String language, String artifact, long invocations, long failures, double seconds, double perS,
               Exec execUs, String baselineName, double baselinePerS, double ratioToBaseline) {
    }

    /**
     * Fig. 6: two strict and four best-effort threads invoking the method's function at once
     * ({@link ConcurrentCase}).
     *
     * @param strictAloneExecUsMean     one strict thread invoking alone, same run, same copy, same scheduling
     * @param bestEffortAloneExecUsMean one best-effort thread invoking alone, same run
     * @param strictScheduled           whether the strict threads got the strict level's real-time policy
     * @param warmupS                   the warm-up of all six threads before the phases
     * @param warmupJitIdle             whether the JIT had gone idle when the warm-up ended
     */
    record Concurrent(String method, String language, long strictInvocations, long bestEffortInvocations,
                      double strictExecUsMean, double strictAloneExecUsMean, double bestEffortExecUsMean,
                      double bestEffortAloneExecUsMean, boolean strictScheduled, double warmupS, boolean warmupJitIdle) {
    }

    /**
     * A target of issue 4, judged on this run: {@code value comparison limit}.
     *
     * @param met null when a run it needs did not run
     */
    record Target(String name, Double value, String comparison, double limit, Boolean met) {
        static Target atLeast(String name, Double value, double limit) {
            return new Target(name, value, ">=", limit, value == null ? null : value >= limit);
        }

        static Target atMost(String name, Double value, double limit) {
            return new Target(name, value, "<=", limit, value == null ? null : value <= limit);
        }
    }

    static void write(Report report, Path file) throws IOException {
        DeliveryResults.JSON.writeValue(file.toFile(), report);
    }
}
