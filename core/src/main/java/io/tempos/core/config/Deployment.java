package io.tempos.core.config;

import io.tempos.core.qos.QosLevel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The whole model of a deployment, as loaded from its TOML file and changed at run time by the
 * controller. Immutable: a change makes a new {@code Deployment}. Maps keep declaration order.
 *
 * @param tsn the TSN schedule of the node's link ({@code [tsn]}), or null when there is none
 */
public record Deployment(
        String name,
        ControllerSpec controller,
        Map<String, QosLevel> levels,
        Map<String, BrokerSpec> brokers,
        Map<String, TriggerSpec> triggers,
        Map<String, InvokerSpec> invokers,
        Map<String, TopicSpec> topics,
        Map<String, WorkflowSpec> workflows,
        TsnSpec tsn) {

    /** A deployment without a TSN schedule. */
    public Deployment(String name, ControllerSpec controller, Map<String, QosLevel> levels, Map<String, BrokerSpec> brokers,
                      Map<String, TriggerSpec> triggers, Map<String, InvokerSpec> invokers, Map<String, TopicSpec> topics,
                      Map<String, WorkflowSpec> workflows) {
        this(name, controller, levels, brokers, triggers, invokers, topics, workflows, null);
    }

    public Deployment {
        levels = ordered(levels);
        brokers = ordered(brokers);
        triggers = ordered(triggers);
        invokers = ordered(invokers);
        topics = ordered(topics);
        workflows = ordered(workflows);
    }

    /** This deployment with {@code workflow} added or replaced. */
    public Deployment withWorkflow(WorkflowSpec workflow) {
        Map<String, WorkflowSpec> changed = new LinkedHashMap<>(workflows);
        changed.put(workflow.name(), workflow);
        return new Deployment(name, controller, levels, brokers, triggers, invokers, topics, changed, tsn);
    }

    /** This deployment with the level of {@code level}'s name replaced by it. */
    public Deployment withLevel(QosLevel level) {
        Map<String, QosLevel> changed = new LinkedHashMap<>(levels);
        changed.put(level.name(), level);
        return new Deployment(name, controller, changed, brokers, triggers, invokers, topics, workflows, tsn);
    }

    /** This deployment with {@code topic} added or replaced. */
    public Deployment withTopic(TopicSpec topic) {
        Map<String, TopicSpec> changed = new LinkedHashMap<>(topics);
        changed.put(topic.name(), topic);
        return new Deployment(name, controller, levels, brokers, triggers, invokers, changed, workflows, tsn);
    }

    /** The component named {@code id}, whatever its role. */
    public Optional<ComponentSpec> component(String id) {
        if (brokers.containsKey(id)) {
            return Optional.of(brokers.get(id));
        }
        if (triggers.containsKey(id)) {
            return Optional.of(triggers.get(id));
        }
        return Optional.ofNullable(invokers.get(id));
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
