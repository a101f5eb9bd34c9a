package io.tempos.broker;

import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.sys.ProcessCapabilities;
import io.tempos.core.sys.TaskScheduling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link TopicQos} from what runs: the lane's adapter and ingress socket, each member's
 * sender and down marks, the kernel's scheduling of the lane's receiver and processor threads
 * ({@code /proc/self/task}), the queue's depth and the topic's counts. Called on management
 * threads; reads only state that is safe to read from any thread and changes nothing.
 */
final class TopicQosProbe {

    /** What the probe reads beside the lane; one per request. */
    record Context(String brokerId, Deployment deployment, ComponentSnapshot stats, long nowNs) {
    }

    private TopicQosProbe() {
    }

    /**
     * @param groups  the topic's groups as the routing table in force has them (null: none yet)
     * @param boosted the starvation guard runs the lane's threads boosted now
     */
    static TopicQos of(Context context, TopicSpec topic, LevelLane lane, List<LaneTopology.GroupPlan> groups, boolean boosted) {
        QosLevel level = lane.level();
        List<String> degraded = new ArrayList<>();
        ChannelCapabilities capabilities = lane.adapter().capabilities();
        String channel = lane.adapter().name();

        Long socketDrops = context.stats().socketDrops().get(level.name());
        TopicQos.Ingress ingress = new TopicQos.Ingress(channel, lane.ingressEndpoint().toString(), capabilities,
                from(context, topic), socketDrops);
        TopicQos.Egress egress = new TopicQos.Egress(channel, capabilities, members(topic, lane, groups, context.nowNs(), degraded));
        // Every hop uses the level's adapter today; the worst-of rules below hold for any mix.
        List<ChannelCapabilities> hops = List.of(ingress.capabilities(), egress.capabilities());
        if (!capabilities.reliable()) {
            degraded.addFirst("channel " + channel + " is not reliable: a datagram is lost when a socket buffer is full or the network"
                    + " drops it (the broker counts its own ingress losses as socketDrops, tempos_socket_drops: "
                    + (socketDrops == null ? "not watched" : socketDrops + " so far on the " + level.name() + " ingress") + ")");
        }

        boolean capSysNice = ProcessCapabilities.has(ProcessCapabilities.CAP_SYS_NICE);
        TopicQos.StageThread receiver = stage(lane.progress().receiverTid(), level, PipelineStage.QUEUE_RECEIVER, "receiver", capSysNice,
                boosted, degraded);
        TopicQos.StageThread processor = stage(lane.progress().processorTid(), level, PipelineStage.QUEUE_PROCESSOR, "processor",
                capSysNice, boosted, degraded);
        int depth = lane.queueDepth();
        if (depth >= level.queueCapacity()) {
            degraded.add("the " + level.name() + " queue is full now (" + depth + " of " + level.queueCapacity() + " events): overflow "
                    + level.overflow().name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + overflowEffect(level));
        }
        long forwarded = 0;
        Map<String, Long> dropped = new TreeMap<>();
        for (WorkflowSpec workflow : context.deployment().workflows().values()) {
            if (workflow.topic().equals(topic.name())) {
                WorkflowSnapshot counts = context.stats().workflow(workflow.name()).orElse(null);
                if (counts != null) {
                    forwarded += counts.forwarded();
                    counts.dropped().forEach((reason, n) -> dropped.merge(reason, n, Long::sum));
                }
            }
        }
        TopicQos.Processing processing = new TopicQos.Processing(level.queueCapacity(), depth, level.overflow(), level.waitStrategy(),
                receiver, processor, forwarded, dropped);

        int members = egress.members().size();
        int connected = (int) egress.members().stream().filter(m -> m.connected() && m.down() == null).count();
        TopicQos.Effective effective = new TopicQos.Effective(
                hops.stream().allMatch(ChannelCapabilities::reliable),
                hops.stream().allMatch(ChannelCapabilities::ordered),
                hops.stream().allMatch(ChannelCapabilities::carriesPriority),
                hops.stream().allMatch(ChannelCapabilities::carriesTxTime),
                hops.stream().mapToInt(ChannelCapabilities::maxMessageBytes).min().orElse(0),
                level.threadPolicy().isRealTime() && receiver.inForce() && processor.inForce(),
                connected, members, degraded);
        return new TopicQos(topic.name(), level.name(), context.brokerId(), effective, ingress, egress, processing);
    }

    /** The triggers that forward this topic's events to this broker: an endpoint of the level, or a bridge to one of its workflows. */
    private static List<String> from(Context context, TopicSpec topic) {
        Set<String> workflows = new LinkedHashSet<>();
        context.deployment().workflows().values().stream().filter(w -> w.topic().equals(topic.name())).forEach(w -> workflows.add(w.name()));
        List<String> triggers = new ArrayList<>();
        for (TriggerSpec trigger : context.deployment().triggers().values()) {
            if (!context.brokerId().equals(trigger.broker())) {
                continue;
            }
            String level = topic.level();
            boolean endpoint = trigger.udpPorts().containsKey(level) || trigger.httpPorts().containsKey(level)
                    || trigger.udsPaths().containsKey(level);
            boolean bridged = (trigger.mqtt() != null && trigger.mqtt().subscriptions().stream().anyMatch(s -> workflows.contains(s.workflow())))
                    || (trigger.nats() != null && trigger.nats().subscriptions().stream().anyMatch(s -> workflows.contains(s.workflow())));
            if (endpoint || bridged) {
                triggers.add(trigger.id());
            }
        }
        return triggers;
    }

    private static List<TopicQos.MemberState> members(TopicSpec topic, LevelLane lane, List<LaneTopology.GroupPlan> groups, long nowNs,
                                                      List<String> degraded) {
        if (groups == null || groups.isEmpty()) {
            degraded.add("topic " + topic.name() + " has no member on this broker yet: its events are dropped as "
                    + DropReason.NO_SUBSCRIBER.label());
            return List.of();
        }
        Map<String, List<String>> groupsOf = new LinkedHashMap<>();
        Map<String, LaneTopology.MemberPlan> plans = new LinkedHashMap<>();
        for (LaneTopology.GroupPlan group : groups) {
            for (LaneTopology.MemberPlan plan : group.members()) {
                groupsOf.computeIfAbsent(plan.invokerId(), id -> new ArrayList<>()).add(group.name());
                plans.putIfAbsent(plan.invokerId(), plan);
            }
        }
        String channel = lane.adapter().name();
        List<TopicQos.MemberState> states = new ArrayList<>();
        plans.forEach((invoker, plan) -> {
            Member member = lane.member(plan.endpoint());
            String endpoint = plan.endpoint().toString();
            if (member == null) {
                degraded.add("member " + invoker + " has no sender yet: the " + lane.level().name()
                        + " queue processor has not applied the configuration");
                states.add(new TopicQos.MemberState(invoker, groupsOf.get(invoker), endpoint, false, "no sender yet", 0));
                return;
            }
            boolean connected = member.connected();
            String down = member.downReason(nowNs);
            if (!connected) {
                degraded.add("member " + invoker + " not connected: its " + channel + " sender to " + endpoint
                        + " has no connection; events it gets are dropped as " + DropReason.SEND_FAILED.label()
                        + " until it reconnects (retried with backoff)");
            }
            if (down != null) {
                degraded.add("member " + invoker + " is down: " + down + "; its groups " + groupsOf.get(invoker)
                        + " give its events to their other members, if any is up");
            }
            long lost = member.lostFrames();
            if (lost > 0) {
                degraded.add("member " + invoker + ": " + lost + " frame(s) lost when its " + channel + " connection broke");
            }
            states.add(new TopicQos.MemberState(invoker, groupsOf.get(invoker), endpoint, connected, down, lost));
        });
        return states;
    }

    private static TopicQos.StageThread stage(int tid, QosLevel level, PipelineStage stage, String role, boolean capSysNice,
                                              boolean boosted, List<String> degraded) {
        TopicQos.Asked asked = TopicQos.Asked.of(level, stage);
        TaskScheduling actual = TaskScheduling.of(tid);
        if (actual == null) {
            degraded.add(role + " thread of level " + level.name() + " is not running"
                    + (tid == 0 ? " (it has not started)" : " (thread " + tid + " is gone)"));
            return new TopicQos.StageThread(asked, null, false);
        }
        boolean inForce = actual.matches(level, stage);
        if (!inForce) {
            String asks = TaskScheduling.describe(level, stage);
            String runs = actual.describe() + (level.cpus().isEmpty() ? "" : " on CPUs " + actual.cpus());
            String why;
            if (boosted) {
                why = "boosted by the starvation guard (max-wait-ms " + level.maxWaitMs() + ") until the lane moves";
            } else if (actual.policyMatches(level, stage)) {
                why = "the CPU set is not in force: the kernel refused it (CPUs offline, or outside the broker's cpuset cgroup?) "
                        + "or another process changed it since (taskset)";
            } else if ((level.threadPolicy().isRealTime() || stage.priority(level) < 0) && !capSysNice) {
                why = "the broker lacks CAP_SYS_NICE (run it as root or grant CAP_SYS_NICE)";
            } else {
                why = "the broker has CAP_SYS_NICE, so the kernel refused it (no real-time budget in the broker's cgroup?) "
                        + "or another process changed it since (chrt, taskset)";
            }
            degraded.add(role + " runs " + runs + ", level " + level.name() + " asks " + asks + ": " + why);
        }
        return new TopicQos.StageThread(asked, actual, inForce);
    }

    private static String overflowEffect(QosLevel level) {
        return switch (level.overflow()) {
            case REJECT -> "refuses new events back to their trigger (counted as " + DropReason.REJECTED.label() + ")";
            case DROP_NEWEST -> "drops new events (counted as " + DropReason.QUEUE_FULL.label() + ")";
            case DROP_OLDEST -> "evicts the oldest events (counted as " + DropReason.EVICTED.label() + ")";
        };
    }
}
