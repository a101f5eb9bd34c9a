package io.tempos.broker;

import io.tempos.core.channel.ChannelEndpoints;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.SubscriptionGroup;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.NameIndex;
import io.tempos.core.stats.ComponentStats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workflow → {@link Route} for the receivers, and topic → subscription groups per level for the
 * queue processors, built from a deployment by the management thread. Immutable: a
 * reconfiguration builds a new table.
 */
final class RoutingTable {

    static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of());

    private final Map<String, Route> routes;
    private final NameIndex<Route> index;
    private final Map<String, LaneTopology> topologies;

    private RoutingTable(Map<String, Route> routes, Map<String, LaneTopology> topologies) {
        this.routes = routes;
        this.index = new NameIndex<>(routes.values(), Route::workflowBytes);
        this.topologies = topologies;
    }

    /**
     * Builds the routes of every workflow of {@code d} and the groups of every topic of the
     * levels this broker serves.
     *
     * @throws IllegalArgumentException when a workflow's topic names a level this broker has no
     *                                  ingress port for, or a member has no port for the level
     */
    static RoutingTable of(Deployment d, Map<String, ?> levelsServed, ComponentStats stats) {
        Map<String, Route> routes = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (WorkflowSpec workflow : d.workflows().values()) {
            TopicSpec topic = d.topics().get(workflow.topic());
            if (topic == null) {
                problems.add("workflow '" + workflow.name() + "' names unknown topic '" + workflow.topic() + "'");
                continue;
            }
            if (!levelsServed.containsKey(topic.level())) {
                problems.add("topic '" + topic.name() + "' has level '" + topic.level() + "' but this broker serves only " + levelsServed.keySet());
                continue;
            }
            routes.put(workflow.name(), new Route(workflow.name(), topic.name(), topic.level(),
                    workflow.name().getBytes(StandardCharsets.UTF_8), stats.of(workflow.name())));
        }
        Map<String, Map<String, List<LaneTopology.GroupPlan>>> byLevel = new HashMap<>();
        levelsServed.keySet().forEach(level -> byLevel.put(level, new LinkedHashMap<>()));
        for (TopicSpec topic : d.topics().values()) {
            Map<String, List<LaneTopology.GroupPlan>> lane = byLevel.get(topic.level());
            if (lane == null) {
                continue;   // a topic of a level this broker does not serve; reported above if a workflow uses it
            }
            List<LaneTopology.GroupPlan> groups = new ArrayList<>();
            for (SubscriptionGroup group : topic.deliveryGroups()) {
                List<LaneTopology.MemberPlan> members = new ArrayList<>();
                for (String invokerId : group.members()) {
                    InvokerSpec invoker = d.invokers().get(invokerId);
                    if (invoker == null || !invoker.levels().contains(topic.level())) {
                        problems.add("topic '" + topic.name() + "' group '" + group.name() + "' member '" + invokerId
                                + "' has no port for level '" + topic.level() + "'");
                    } else {
                        members.add(new LaneTopology.MemberPlan(invokerId, ChannelEndpoints.invoker(invoker, topic.level())));
                    }
                }
                groups.add(new LaneTopology.GroupPlan(group.name(), group.policy(), members));
            }
            lane.put(topic.name(), groups);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<String, LaneTopology> topologies = new HashMap<>();
        byLevel.forEach((level, topics) -> topologies.put(level, new LaneTopology(topics)));
        return new RoutingTable(Map.copyOf(routes), Map.copyOf(topologies));
    }

    /** The route of the workflow named in the checked {@code frame}, or null; allocates nothing. */
    Route route(EventFrame frame) {
        return index.find(frame);
    }

    Route route(String workflow) {
        return routes.get(workflow);
    }

    /** The subscription groups of {@code level}'s topics. */
    LaneTopology topology(String level) {
        return topologies.getOrDefault(level, LaneTopology.EMPTY);
    }

    int size() {
        return routes.size();
    }
}
