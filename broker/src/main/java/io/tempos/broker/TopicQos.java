package io.tempos.broker;

import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.sys.TaskScheduling;

import java.util.List;
import java.util.Map;

/**
 * What one topic can give right now on one broker (paper III-B: a topic's QoS is that of its
 * worst ingress channel, its worst egress channel and its processing), as {@code GET /topics}
 * serves it. Built by {@link TopicQosProbe} from the lane's live state, never from the
 * configuration alone.
 *
 * @param topic      the topic's name
 * @param level      its QoS level
 * @param broker     the broker that reports
 * @param effective  the worst of every hop and of the processing, with what degrades it
 * @param ingress    the channel events of the level arrive on
 * @param egress     the channel to the topic's members and each member's state
 * @param processing the level's queue and the scheduling of its two threads
 */
record TopicQos(String topic, String level, String broker, Effective effective, Ingress ingress, Egress egress,
                Processing processing) {

    /**
     * The worst of all hops: {@code reliable}, {@code ordered}, {@code carriesPriority} and
     * {@code carriesTxTime} only when every hop's adapter is; {@code maxMessageBytes} the
     * smallest; {@code realTime} when the level asks a real-time policy and the kernel has it in
     * force on both lane threads.
     *
     * @param membersConnected distinct members whose sender is connected and that are not marked down
     * @param members          distinct members of the topic's groups
     * @param degraded         plain-language reasons the topic gives less than its level asks; empty when none
     */
    record Effective(boolean reliable, boolean ordered, boolean carriesPriority, boolean carriesTxTime, int maxMessageBytes,
                     boolean realTime, int membersConnected, int members, List<String> degraded) {
        Effective {
            degraded = List.copyOf(degraded);
        }
    }

    /**
     * @param from        the triggers configured to forward to this broker on the level (they share the channel)
     * @param socketDrops datagrams the kernel dropped on the ingress socket's full receive buffer,
     *                    null for a channel without such a socket (stream, path)
     */
    record Ingress(String channel, String endpoint, ChannelCapabilities capabilities, List<String> from, Long socketDrops) {
        Ingress {
            from = List.copyOf(from);
        }
    }

    record Egress(String channel, ChannelCapabilities capabilities, List<MemberState> members) {
        Egress {
            members = List.copyOf(members);
        }
    }

    /**
     * One invoker the topic's groups send to.
     *
     * @param groups     the topic's groups it is a member of
     * @param connected  its sender can send now (always on a datagram channel once open)
     * @param down       why the processor leaves it out now, or null when it is up
     * @param lostFrames frames its sender took and then lost when a connection broke
     */
    record MemberState(String invoker, List<String> groups, String endpoint, boolean connected, String down, long lostFrames) {
        MemberState {
            groups = List.copyOf(groups);
        }
    }

    /**
     * @param queueDepth events waiting in the level's queue now (shared by the level's topics)
     * @param forwarded  copies of the topic's events sent to members, per group, at this broker
     * @param dropped    drops of the topic's events at this broker, by reason
     */
    record Processing(int queueCapacity, int queueDepth, OverflowPolicy overflow, WaitStrategy waitStrategy,
                      StageThread receiver, StageThread processor, long forwarded, Map<String, Long> dropped) {
        Processing {
            dropped = Map.copyOf(dropped);
        }
    }

    /**
     * A lane thread: what the level asks at its stage, what the kernel has, and whether they agree.
     *
     * @param actual null when the thread does not run (no kernel thread id yet, or it ended)
     */
    record StageThread(Asked requested, TaskScheduling actual, boolean inForce) {
    }

    /** A scheduling as the level asks it: a real-time priority, or a nice value under SCHED_OTHER. */
    record Asked(String policy, int priority, int nice, List<Integer> cpus) {
        Asked {
            cpus = List.copyOf(cpus);
        }

        static Asked of(QosLevel level, io.tempos.core.sys.PipelineStage stage) {
            boolean realTime = level.threadPolicy().isRealTime();
            return new Asked(TaskScheduling.policyName(level.threadPolicy()), realTime ? stage.priority(level) : 0,
                    realTime ? 0 : stage.priority(level), level.cpus());
        }
    }
}
