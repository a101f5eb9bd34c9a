package io.tempos.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statistics of one component, per workflow. Events that cannot be attributed to a
 * workflow (garbage, truncated frames) are counted under {@link #UNATTRIBUTED}.
 */
public final class ComponentStats {

    /** The pseudo-workflow of events whose workflow could not be read. */
    public static final String UNATTRIBUTED = "(unattributed)";

    private final String component;
    private final ConcurrentHashMap<String, WorkflowStats> workflows = new ConcurrentHashMap<>();

    public ComponentStats(String component) {
        this.component = component;
    }

    /** The stats of {@code workflow}, created on first use. */
    public WorkflowStats of(String workflow) {
        WorkflowStats stats = workflows.get(workflow);
        return stats != null ? stats : workflows.computeIfAbsent(workflow, WorkflowStats::new);
    }

    public WorkflowStats unattributed() {
        return of(UNATTRIBUTED);
    }

    public ComponentSnapshot snapshot() {
        List<WorkflowSnapshot> snapshots = new ArrayList<>();
        workflows.values().forEach(w -> snapshots.add(w.snapshot()));
        snapshots.sort(java.util.Comparator.comparing(WorkflowSnapshot::workflow));
        return new ComponentSnapshot(component, snapshots);
    }
}
