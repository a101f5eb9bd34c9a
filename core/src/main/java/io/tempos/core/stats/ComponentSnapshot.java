package io.tempos.core.stats;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One component's statistics at one moment, as served on {@code GET /stats}.
 *
 * @param socketDrops datagrams the kernel dropped on the component's sockets (receive buffer
 *                    full) by socket label, e.g. {@code strict}: never seen by the component,
 *                    so counted here rather than against a workflow
 */
public record ComponentSnapshot(String component, List<WorkflowSnapshot> workflows, Map<String, Long> socketDrops) {

    public ComponentSnapshot(String component, List<WorkflowSnapshot> workflows) {
        this(component, workflows, Map.of());
    }

    public Optional<WorkflowSnapshot> workflow(String name) {
        return workflows.stream().filter(w -> w.workflow().equals(name)).findFirst();
    }
}
