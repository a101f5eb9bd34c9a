package io.tempos.broker;

import io.tempos.core.stats.WorkflowStats;

/**
 * What the receiver resolves for the events of one workflow: its topic (which the queue
 * processor maps onto its subscription groups), its topic's level and its stats. Immutable;
 * part of a {@link RoutingTable}.
 *
 * @param workflowBytes the workflow's name as UTF-8, what a frame's name is compared with
 */
record Route(String workflow, String topic, String level, byte[] workflowBytes, WorkflowStats stats) {
}
