package io.tempos.broker;

import io.tempos.core.stats.WorkflowStats;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where the events of one workflow go: its topic's level and the egress address of every
 * subscriber on that level. Immutable; part of a {@link RoutingTable}.
 */
record Route(String workflow, String topic, String level, List<InetSocketAddress> subscribers, WorkflowStats stats) {
}
