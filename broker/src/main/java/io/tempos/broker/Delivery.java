package io.tempos.broker;

import io.tempos.core.channel.Endpoint;
import io.tempos.core.config.GroupPolicy;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowStats;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The subscription groups of one lane and their members' senders: the state its queue
 * processor owns and delivers through. Only the processor thread touches it; configuration
 * and health reach it as {@link LaneCommand}s that the processor applies between events.
 */
final class Delivery implements AutoCloseable {

    /**
     * How long a member whose port the kernel reported unreachable is left out of its groups
     * before it is tried again (unless the health poll marks it up or down first).
     */
    static final long UNREACHABLE_RETRY_NS = TimeUnit.SECONDS.toNanos(1);

    /** Opens the sender (and reader) of a member that joined. */
    @FunctionalInterface
    interface MemberOpener {
        Member open(String invokerId, Endpoint endpoint);
    }

    private final MemberOpener opener;
    private Map<String, Group[]> topics = new HashMap<>();
    /** Replaced, never changed, by the processor; volatile for management threads reading gauges. */
    private volatile Map<Endpoint, Member> members = new HashMap<>();

    Delivery(MemberOpener opener) {
        this.opener = opener;
    }

    /**
     * Makes {@code topology} current: keeps the members (senders, outstanding counts, down
     * marks) of invokers that stay, opens senders to new ones and closes those of members that
     * left.
     */
    void apply(LaneTopology topology) {
        Map<Endpoint, Member> next = new HashMap<>();
        Map<String, Group[]> nextTopics = new HashMap<>();
        topology.topics().forEach((topic, plans) -> {
            List<Group> groups = new ArrayList<>();
            for (LaneTopology.GroupPlan plan : plans) {
                Member[] groupMembers = new Member[plan.members().size()];
                for (int i = 0; i < groupMembers.length; i++) {
                    LaneTopology.MemberPlan m = plan.members().get(i);
                    groupMembers[i] = next.computeIfAbsent(m.endpoint(), endpoint -> {
                        Member existing = members.get(endpoint);
                        return existing != null ? existing : opener.open(m.invokerId(), endpoint);
                    });
                }
                groups.add(new Group(plan.name(), plan.policy(), groupMembers));
            }
            nextTopics.put(topic, groups.toArray(Group[]::new));
        });
        members.forEach((address, member) -> {
            if (next.get(address) != member) {
                member.close();
            }
        });
        members = next;
        topics = nextTopics;
    }

    /** The health poll says invoker {@code invokerId} is {@code up} (or not). */
    void health(String invokerId, boolean up) {
        for (Member member : members.values()) {
            if (member.invokerId().equals(invokerId)) {
                member.health(up);
            }
        }
    }

    /** The groups of {@code topic}, or null when this lane does not know the topic. */
    Group[] groups(String topic) {
        return topics.get(topic);
    }

    /**
     * Sends the frame (between position and limit) to one member of each group and counts each
     * copy as forwarded or as a drop. A member whose port the kernel reports unreachable is
     * marked down and the event goes to another member of its group, if one is up.
     */
    void deliver(ByteBuffer frame, Group[] groups, WorkflowStats stats, long nowNs) {
        if (groups.length == 0) {
            stats.dropped(DropReason.NO_SUBSCRIBER);
            return;
        }
        for (Group group : groups) {
            deliverToOne(frame, group, stats, nowNs);
        }
    }

    private static void deliverToOne(ByteBuffer frame, Group group, WorkflowStats stats, long nowNs) {
        int attempts = group.members().length;
        boolean counted = group.policy() == GroupPolicy.LEAST_OUTSTANDING;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Member member = group.pick(nowNs);
            int outcome = member.send(frame, counted);
            if (outcome == Member.SENT) {
                stats.forwarded();
                return;
            }
            if (outcome != Member.UNREACHABLE) {
                stats.dropped(DropReason.SEND_FAILED);
                return;
            }
            member.unreachable(nowNs, UNREACHABLE_RETRY_NS);
            if (!group.hasOtherUp(member, nowNs)) {
                break;
            }
        }
        stats.dropped(attempts == 0 ? DropReason.NO_SUBSCRIBER : DropReason.SEND_FAILED);
    }

    /** The members now, for tests and logs. */
    Map<Endpoint, Member> members() {
        return members;
    }

    @Override
    public void close() {
        members.values().forEach(Member::close);
        members = Map.of();
        topics = Map.of();
    }
}
