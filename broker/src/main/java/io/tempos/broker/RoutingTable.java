package io.tempos.broker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentStats;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workflow name → {@link Route}, built from a deployment by the management thread and read by
 * the receivers. Immutable: a reconfiguration publishes a new table.
 */
final class RoutingTable {

    static final RoutingTable EMPTY = new RoutingTable(Map.of());

    private final Map<String, Route> routes;

    private RoutingTable(Map<String, Route> routes) {
        this.routes = routes;
    }

    /**
     * Builds the routes of every workflow of {@code d}.
     *
     * @throws IllegalArgumentException when a workflow's topic names a level this broker has no
     *                                  ingress port for
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
            List<InetSocketAddress> subscribers = new ArrayList<>();
            for (String invokerId : topic.subscribers()) {
                InvokerSpec invoker = d.invokers().get(invokerId);
                Integer port = invoker == null ? null : invoker.ports().get(topic.level());
                if (port == null) {
                    problems.add("topic '" + topic.name() + "' subscriber '" + invokerId + "' has no port for level '" + topic.level() + "'");
                } else {
                    subscribers.add(new InetSocketAddress(invoker.host(), port));
                }
            }
            routes.put(workflow.name(), new Route(workflow.name(), topic.name(), topic.level(),
                    List.copyOf(subscribers), stats.of(workflow.name())));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new RoutingTable(Map.copyOf(routes));
    }

    Route route(String workflow) {
        return routes.get(workflow);
    }

    int size() {
        return routes.size();
    }
}
