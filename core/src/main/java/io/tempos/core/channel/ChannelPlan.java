package io.tempos.core.channel;

import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.GroupPolicy;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.SubscriptionGroup;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check that every level's channel adapter can honour what the deployment asks of it (the
 * paper's "refused at configuration time"). Every component runs it for the levels it carries
 * before it binds a socket ({@link #requireFor}), so a level its adapter cannot honour never
 * starts. Each problem names the level's {@code channel} key, the adapter and the key that
 * needs the missing capability.
 */
public final class ChannelPlan {

    /** Longest workflow and level names a frame can carry (u8 lengths). */
    private static final int NAME_BYTES = 2 * 255;

    private ChannelPlan() {
    }

    /** Every problem of {@code d}'s levels with the adapters installed; empty when all can be honoured. */
    public static List<String> check(Deployment d, ChannelAdapters adapters) {
        return check(d, adapters, d.levels().keySet());
    }

    /** The problems of the levels named in {@code levels} only. */
    public static List<String> check(Deployment d, ChannelAdapters adapters, Set<String> levels) {
        List<String> problems = new ArrayList<>();
        for (QosLevel level : d.levels().values()) {
            if (levels.contains(level.name())) {
                checkLevel(d, level, adapters, problems);
            }
        }
        return problems;
    }

    /**
     * Refuses to let component {@code componentId} start on a level its adapter cannot honour.
     *
     * @param who the component as the message names it, e.g. {@code broker mom}
     * @throws IllegalArgumentException listing every problem, starting with {@code who}
     */
    public static void requireFor(Deployment d, ChannelAdapters adapters, String who, String componentId) {
        List<String> problems = check(d, adapters, levelsOf(d, componentId));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(who + " cannot start: " + String.join("; ", problems));
        }
    }

    /** The levels a component carries: a broker's and an invoker's own, a trigger's endpoints' (every level of its broker with a bridge). */
    public static Set<String> levelsOf(Deployment d, String componentId) {
        if (d.brokers().containsKey(componentId)) {
            return d.brokers().get(componentId).levels();
        }
        if (d.invokers().containsKey(componentId)) {
            return d.invokers().get(componentId).levels();
        }
        TriggerSpec trigger = d.triggers().get(componentId);
        if (trigger == null) {
            return Set.of();
        }
        Set<String> levels = new LinkedHashSet<>();
        levels.addAll(trigger.udpPorts().keySet());
        levels.addAll(trigger.httpPorts().keySet());
        levels.addAll(trigger.udsPaths().keySet());
        BrokerSpec broker = d.brokers().get(trigger.broker());
        if ((trigger.mqtt() != null || trigger.nats() != null) && broker != null) {
            levels.addAll(broker.levels());
        }
        return levels;
    }

    private static void checkLevel(Deployment d, QosLevel level, ChannelAdapters adapters, List<String> problems) {
        String key = "levels." + level.name() + ".channel";
        ChannelAdapter adapter = adapters.find(level.channel());
        if (adapter == null) {
            problems.add(key + ": " + adapters.unknown(level.channel()));
            return;
        }
        ChannelCapabilities can = adapter.capabilities();
        String who = key + ": adapter '" + adapter.name() + "' ";
        if (level.socketPriority() != 0 && !can.carriesPriority()) {
            problems.add(who + "cannot carry a socket priority, which levels." + level.name() + ".socket-priority "
                    + Integer.toUnsignedString(level.socketPriority()) + " needs (use socket-priority 0 or a channel that carries it)");
        }
        if (level.tsnSlot() != null && !can.carriesPriority()) {
            problems.add(who + "cannot carry a socket priority, which levels." + level.name()
                    + ".tsn-slot needs to put the level's packets in its gate's traffic class");
        }
        if (d.tsn() != null && level.name().equals(d.tsn().etfLevel()) && !can.carriesTxTime()) {
            problems.add(who + "cannot carry a transmit time, which tsn.etf-level \"" + level.name()
                    + "\" needs (etf drops packets without one); use channel \"tsn\" on a kernel with SO_TXTIME, or leave etf-level out");
        }
        if (level.overflow() == OverflowPolicy.REJECT && !can.carriesReplies()) {
            problems.add(who + "cannot carry replies, which levels." + level.name() + ".overflow \"reject\" needs to tell the sender");
        }
        for (TriggerSpec trigger : d.triggers().values()) {
            long frameBytes = (long) EventFrame.HEADER_BYTES + NAME_BYTES + trigger.maxPayloadBytes();
            boolean sends = trigger.udpPorts().containsKey(level.name()) || trigger.httpPorts().containsKey(level.name())
                    || trigger.udsPaths().containsKey(level.name()) || trigger.mqtt() != null || trigger.nats() != null;
            if (sends && frameBytes > can.maxMessageBytes()) {
                problems.add(who + "carries at most " + can.maxMessageBytes() + " bytes, but triggers." + trigger.id()
                        + ".max-payload-bytes " + trigger.maxPayloadBytes() + " makes frames of up to " + frameBytes
                        + " bytes (header and names included); lower max-payload-bytes to "
                        + Math.max(0, can.maxMessageBytes() - EventFrame.HEADER_BYTES - NAME_BYTES) + " or less");
            }
        }
        for (BrokerSpec broker : d.brokers().values()) {
            endpointKind(who, level.name(), can, "brokers." + broker.id(), broker.ports(), broker.socketPaths(), problems);
        }
        for (InvokerSpec invoker : d.invokers().values()) {
            endpointKind(who, level.name(), can, "invokers." + invoker.id(), invoker.ports(), invoker.socketPaths(), problems);
        }
        if (can.carriesReplies()) {
            return;
        }
        for (TopicSpec topic : d.topics().values()) {
            if (!level.name().equals(topic.level())) {
                continue;
            }
            for (int i = 0; i < topic.groups().size(); i++) {
                SubscriptionGroup group = topic.groups().get(i);
                if (group.policy() == GroupPolicy.LEAST_OUTSTANDING) {
                    problems.add(who + "cannot carry replies, which topics." + topic.name() + ".groups[" + i
                            + "].policy \"least-outstanding\" needs (the invokers' acknowledgements)");
                }
            }
        }
    }

    /** A receiver's address must be of the kind its adapter listens on: a socket path or a port. */
    private static void endpointKind(String who, String level, ChannelCapabilities can, String component,
                                     Map<String, Integer> ports, Map<String, String> paths, List<String> problems) {
        if (can.pathEndpoints() && ports.containsKey(level)) {
            problems.add(who + "listens on socket paths, but " + component + ".ports." + level + " gives a port; give "
                    + component + ".socket-paths." + level + " = \"/run/tempos/" + component.substring(component.indexOf('.') + 1)
                    + "-" + level + ".sock\" instead");
        }
        if (!can.pathEndpoints() && paths.containsKey(level)) {
            problems.add(who + "listens on host:port, but " + component + ".socket-paths." + level + " gives a path; give "
                    + component + ".ports." + level + " instead");
        }
    }
}
