package io.tempos.invoker;

import io.tempos.core.stats.WorkflowStats;

/**
 * Where a workflow's events go in this invoker: its function, the level whose workers may run
 * it and the stats it counts into.
 *
 * @param workflow  the workflow's name
 * @param level     its QoS level; events arriving on another level's socket are refused
 * @param timeoutNs an invocation longer than this counts as timed out
 */
record Route(String workflow, String level, long timeoutNs, LoadedFunction function, WorkflowStats stats) {
}
