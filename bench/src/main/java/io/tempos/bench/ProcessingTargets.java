package io.tempos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The targets of the processing benchmark (issue 4), judged on one run: results to read, not assertions. */
final class ProcessingTargets {

    private ProcessingTargets() {
    }

    static List<ProcessingResults.Target> of(List<ProcessingResults.Run> runs, Map<String, ProcessingResults.Baseline> baselines,
                                             List<ProcessingResults.Concurrent> concurrent) {
        List<ProcessingResults.Target> targets = new ArrayList<>();
        targets.add(ProcessingResults.Target.atLeast("dlf-cold rate / C dlopen-per-call rate", ratio(runs, "dlf-cold", "c"), 0.7));
        targets.add(ProcessingResults.Target.atLeast("dlf-warm rate / C cached-pointer rate", ratio(runs, "dlf-warm", "c"), 0.8));
        targets.add(ProcessingResults.Target.atLeast("jvm rate / plain Java call rate", ratio(runs, "jvm", "java"), 0.8));
        targets.add(ProcessingResults.Target.atMost("plain C call rate / wasm-fresh rate", inverse(ratio(runs, "wasm-fresh", "c")), 20));
        targets.add(ProcessingResults.Target.atMost("plain C call rate / wasm-warm rate", inverse(ratio(runs, "wasm-warm", "c")), 4));
        targets.add(ProcessingResults.Target.atLeast("spawn c rate / C posix_spawn rate", ratio(runs, "spawn", "c"), 0.7));
        ProcessingResults.Run python = run(runs, "spawn-persistent", "python");
        targets.add(ProcessingResults.Target.atLeast("spawn-persistent python invocations/s", python == null ? null : python.perS(), 5_000));
        for (ProcessingResults.Concurrent c : concurrent) {
            targets.add(ProcessingResults.Target.atMost("concurrent " + c.method() + ": strict mean exec / strict alone",
                    c.strictAloneExecUsMean() > 0 ? ProcessingBench.round(c.strictExecUsMean() / c.strictAloneExecUsMean(), 2) : null, 1.3));
        }
        return targets;
    }

    private static ProcessingResults.Run run(List<ProcessingResults.Run> runs, String method, String language) {
        return runs.stream().filter(r -> r.method().equals(method) && r.language().equals(language)).findFirst().orElse(null);
    }

    private static Double ratio(List<ProcessingResults.Run> runs, String method, String language) {
        ProcessingResults.Run r = run(runs, method, language);
        return r == null ? null : r.ratioToBaseline();
    }

    private static Double inverse(Double ratio) {
        return ratio == null || ratio == 0 ? null : ProcessingBench.round(1 / ratio, 2);
    }
}
