package io.tempos.core.stats;

import java.util.List;
import java.util.Optional;

/** One component's statistics at one moment, as served on {@code GET /stats}. */
public record ComponentSnapshot(String component, List<WorkflowSnapshot> workflows) {

    public Optional<WorkflowSnapshot> workflow(String name) {
        return workflows.stream().filter(w -> w.workflow().equals(name)).findFirst();
    }
}
