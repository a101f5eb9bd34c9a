package io.tempos.broker;

import io.tempos.core.config.GroupPolicy;

import io.tempos.core.channel.Endpoint;

import java.util.List;
import java.util.Map;

/**
 * The subscription groups of every topic of one level, as plain data: what the management
 * thread hands a lane's queue processor, which turns it into its own {@link Delivery} state.
 *
 * @param topics topic name → its groups, in declaration order
 */
record LaneTopology(Map<String, List<GroupPlan>> topics) {

    static final LaneTopology EMPTY = new LaneTopology(Map.of());

    LaneTopology {
        topics = Map.copyOf(topics);
    }

    /** One subscription group: each event of the topic goes to one of its members. */
    record GroupPlan(String name, GroupPolicy policy, List<MemberPlan> members) {
        GroupPlan {
            members = List.copyOf(members);
        }
    }

    /** An invoker's level socket: host:port, or a socket path. */
    record MemberPlan(String invokerId, Endpoint endpoint) {
    }
}
