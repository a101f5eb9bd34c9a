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
 */
public record WorkflowSnapshot(String workflow, long received, long forwarded, long completed,
                               Map<String, Long> dropped, Map<String, Percentiles> latencyUs) {

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
