package io.tempos.core.config;

import java.util.List;

/**
 * Subscribers of a topic that share its events (paper III-B): every group of a topic gets
 * every event, and inside a group exactly one member gets it, chosen by the group's policy.
 *
 * @param name    unique within the topic
 * @param members invoker ids, at least one, no duplicates
 * @param policy  how the member is chosen
 */
public record SubscriptionGroup(String name, List<String> members, GroupPolicy policy) {
    public SubscriptionGroup {
        members = List.copyOf(members);
        policy = policy == null ? GroupPolicy.ROUND_ROBIN : policy;
    }
}
