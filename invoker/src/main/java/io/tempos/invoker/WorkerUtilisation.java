package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.Gauge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How busy an invoker's workers are, per level: the time spent in functions (function-start to
 * function-end of every invocation, summed by the workflows' stats) over the wall time since the
 * invoker started times the level's workers. 1.0 means every worker of the level was always
 * inside a function. Computed when asked (on {@code GET /metrics}); costs the hot path nothing
 * beyond the stats' one add per invocation.
 */
final class WorkerUtilisation {

    private final long startedNs = System.nanoTime();

    /** The gauges per level of {@code bindings}; the workflows' levels come from {@code configuration}. */
    List<Gauge> gauges(Bindings bindings, Deployment configuration, ComponentStats stats) {
        Map<String, Long> busyByWorkflow = stats.functionBusyNanos();
        double wallS = (System.nanoTime() - startedNs) / 1e9;
        List<Gauge> gauges = new ArrayList<>();
        for (QosLevel level : bindings.levels().values()) {
            long busyNs = 0;
            if (configuration != null) {
                for (WorkflowSpec workflow : configuration.workflows().values()) {
                    if (workflow.level().equals(level.name())) {
                        busyNs += busyByWorkflow.getOrDefault(workflow.name(), 0L);
                    }
                }
            }
            Map<String, String> labels = Map.of("level", level.name());
            double busyS = busyNs / 1e9;
            gauges.add(new Gauge("tempos_worker_busy_seconds", "Time the level's workers spent inside functions since the invoker started.",
                    labels, busyS));
            gauges.add(new Gauge("tempos_workers", "Worker threads of the level.", labels, level.workers()));
            gauges.add(new Gauge("tempos_worker_utilisation_ratio",
                    "Busy time / (wall time since start x workers) of the level: 1 = every worker always in a function.", labels,
                    wallS <= 0 || level.workers() == 0 ? 0 : Math.min(1.0, busyS / (wallS * level.workers()))));
        }
        return gauges;
    }
}
