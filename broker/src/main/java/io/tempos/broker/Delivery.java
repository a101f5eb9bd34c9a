package io.tempos.broker;

import io.tempos.core.config.GroupPolicy;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowStats;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The subscription groups of one lane and their members' sockets: the state its queue
 * processor owns and delivers through. Only the processor thread touches it; configuration
 * and health reach it as {@link LaneCommand}s that the processor applies between events.
 */
final class Delivery implements AutoCloseable {

    /**
     * How long a member whose port the kernel reported unreachable is left out of its groups
     * before it is tried again (unless the health poll marks it up or down first).
     */
    static final long UNREACHABLE_RETRY_NS = TimeUnit.SECONDS.toNanos(1);

    private final int socketPriority;
    private final ByteBuffer ackScratch = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
    private Map<String, Group[]> topics = new HashMap<>();
    private Map<InetSocketAddress, Member> members = new HashMap<>();
    /** Members of a least-outstanding group: only their acknowledgements are read. */
    private Member[] counted = new Member[0];

    Delivery(int socketPriority) {
        this.socketPriority = socketPriority;
    }

    /**
     * Makes {@code topology} current: keeps the members (sockets, outstanding counts, down
     * marks) of invokers that stay, opens sockets to new ones and closes those of members that
     * left.
     */
    void apply(LaneTopology topology) {
        Map<InetSocketAddress, Member> next = new HashMap<>();
        Map<String, Group[]> nextTopics = new HashMap<>();
        Set<Member> countedNext = new LinkedHashSet<>();
        topology.topics().forEach((topic, plans) -> {
            List<Group> groups = new ArrayList<>();
            for (LaneTopology.GroupPlan plan : plans) {
                Member[] groupMembers = new Member[plan.members().size()];
                for (int i = 0; i < groupMembers.length; i++) {
                    LaneTopology.MemberPlan m = plan.members().get(i);
                    groupMembers[i] = next.computeIfAbsent(m.address(), address -> {
                        Member existing = members.get(address);
                        return existing != null ? existing : Member.open(m.invokerId(), address, socketPriority);
                    });
                }
                if (plan.policy() == GroupPolicy.LEAST_OUTSTANDING) {
                    countedNext.addAll(List.of(groupMembers));
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
        counted = countedNext.toArray(Member[]::new);
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

    /** Reads the acknowledgements of the members whose outstanding count a group uses. */
    void drainAcks(long nowNs) {
        for (Member member : counted) {
            if (!member.drainAcks(ackScratch)) {
                member.unreachable(nowNs, UNREACHABLE_RETRY_NS);
            }
        }
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
        for (int attempt = 0; attempt < attempts; attempt++) {
            Member member = group.pick(nowNs);
            int outcome = member.send(frame);
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
    Map<InetSocketAddress, Member> members() {
        return members;
    }

    @Override
    public void close() {
        members.values().forEach(Member::close);
        members = Map.of();
        topics = Map.of();
        counted = new Member[0];
    }
}
