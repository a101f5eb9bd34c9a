package io.tempos.core.stats;

import java.util.Map;

/**
 * One component's counts for one workflow at one moment.
 *
 * @param received  events that reached the component
 * @param forwarded events it passed on (trigger, broker: once per subscriber)
 * @param completed events whose function returned a result (invoker)
 * @param dropped   drops by {@link DropReason#label()}
 * @param latencyUs latency per {@link LatencySpan#label()}, in microseconds
 * @param rejectedByBroker events this component forwarded that the broker then rejected (a
 *                  trigger's view of the broker's {@code rejected} drops: an observation, not a
 *                  drop of its own, so that a sum of drops over components counts each once)
 */
public record WorkflowSnapshot(String workflow, long received, long forwarded, long completed,
                               Map<String, Long> dropped, Map<String, Percentiles> latencyUs, long rejectedByBroker) {

    public WorkflowSnapshot(String workflow, long received, long forwarded, long completed,
                            Map<String, Long> dropped, Map<String, Percentiles> latencyUs) {
        this(workflow, received, forwarded, completed, dropped, latencyUs, 0);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
