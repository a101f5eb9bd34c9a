package io.tempos.cli;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;
import io.tempos.core.stats.WorkflowSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of one workflow's events across all components: delivered (the function
 * returned), dropped by reason wherever it happened, and the latency of delivered events.
 * Datagrams the kernel dropped on a full socket buffer are attributed to the workflow when it
 * is the only one of that socket's level.
 */
public record WorkflowTally(String workflow, String level, long sent, long delivered, Map<String, Long> dropped,
                     Map<String, Percentiles> latencyUs) {

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sent events neither delivered nor counted as dropped yet: in flight, or lost unseen. */
    public long unaccounted() {
        return sent - delivered - droppedTotal();
    }

    public Percentiles endToEnd() {
        return latencyUs.getOrDefault(LatencySpan.END_TO_END.label(), Percentiles.EMPTY);
    }

    public static WorkflowTally of(WorkflowSpec workflow, long sent, Deployment deployment, List<ComponentSnapshot> snapshots) {
        long delivered = 0;
        Map<String, Long> dropped = new TreeMap<>();
        Map<String, Percentiles> latency = new LinkedHashMap<>();
        boolean onlyWorkflowOfLevel = deployment.workflows().values().stream()
                .filter(w -> w.level().equals(workflow.level())).count() == 1;
        for (ComponentSnapshot component : snapshots) {
            WorkflowSnapshot mine = component.workflow(workflow.name()).orElse(null);
            if (mine != null) {
                delivered += mine.completed();
                mine.dropped().forEach((reason, n) -> dropped.merge(reason, n, Long::sum));
                if (mine.completed() > 0 && latency.isEmpty()) {
                    latency.putAll(mine.latencyUs());
                }
            }
            if (onlyWorkflowOfLevel) {
                component.socketDrops().forEach((socket, n) -> {
                    if (n > 0 && (socket.equals(workflow.level()) || socket.endsWith(" " + workflow.level()))) {
                        dropped.merge("socket-overflow@" + component.component(), n, Long::sum);
                    }
                });
            }
        }
        return new WorkflowTally(workflow.name(), workflow.level(), sent, delivered, dropped, latency);
    }
}
