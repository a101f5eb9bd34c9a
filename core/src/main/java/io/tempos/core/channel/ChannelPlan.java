package io.tempos.core.channel;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.GroupPolicy;
import io.tempos.core.config.SubscriptionGroup;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * The check that every level's channel adapter can honour what the deployment asks of it,
 * run before any component starts (the paper's "refused at configuration time"). Each problem
 * names the level's {@code channel} key, the adapter and the key that needs the capability.
 */
public final class ChannelPlan {

    /** Longest workflow and level names a frame can carry (u8 lengths). */
    private static final int NAME_BYTES = 2 * 255;

    private ChannelPlan() {
    }

    /** Every problem of {@code d}'s levels with the adapters installed; empty when all can be honoured. */
    public static List<String> check(Deployment d, ChannelAdapters adapters) {
        List<String> problems = new ArrayList<>();
        for (QosLevel level : d.levels().values()) {
            String key = "levels." + level.name() + ".channel";
            ChannelAdapter adapter = adapters.find(level.channel());
            if (adapter == null) {
                problems.add(key + ": " + adapters.unknown(level.channel()));
                continue;
            }
            ChannelCapabilities can = adapter.capabilities();
            String who = key + ": adapter '" + adapter.name() + "' ";
            if (level.socketPriority() != 0 && !can.carriesPriority()) {
                problems.add(who + "cannot carry a socket priority, which levels." + level.name() + ".socket-priority "
                        + Integer.toUnsignedString(level.socketPriority()) + " needs (use socket-priority 0 or a channel that carries it)");
            }
            if (level.tsnSlot() != null && !can.carriesTxTime()) {
                problems.add(who + "cannot carry a transmit time, which levels." + level.name() + ".tsn-slot needs");
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
        }
        for (TopicSpec topic : d.topics().values()) {
            QosLevel level = topic.level() == null ? null : d.levels().get(topic.level());
            ChannelAdapter adapter = level == null ? null : adapters.find(level.channel());
            if (adapter == null || adapter.capabilities().carriesReplies()) {
                continue;
            }
            for (int i = 0; i < topic.groups().size(); i++) {
                SubscriptionGroup group = topic.groups().get(i);
                if (group.policy() == GroupPolicy.LEAST_OUTSTANDING) {
                    problems.add("levels." + level.name() + ".channel: adapter '" + adapter.name() + "' cannot carry replies, which topics."
                            + topic.name() + ".groups[" + i + "].policy \"least-outstanding\" needs (the invokers' acknowledgements)");
                }
            }
        }
        return problems;
    }
}
