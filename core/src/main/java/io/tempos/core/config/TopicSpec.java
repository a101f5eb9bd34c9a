package io.tempos.core.config;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A QoS-aware topic: events of its level arrive on the broker's ingress channel of that level,
 * wait in the level's queue and leave on the egress channels to its subscription groups.
 *
 * @param name        unique name
 * @param level       the QoS level of the topic's queue and channels
 * @param subscribers invokers that each receive every event (each is a group of its own)
 * @param groups      named subscription groups: each receives every event, one member per event
 */
public record TopicSpec(String name, String level, List<String> subscribers, List<SubscriptionGroup> groups) {
    public TopicSpec {
        subscribers = List.copyOf(subscribers);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A topic whose subscribers each get every event, as before groups existed. */
    public TopicSpec(String name, String level, List<String> subscribers) {
        this(name, level, subscribers, List.of());
    }

    /** Every group the broker delivers to: the named groups, then one per plain subscriber. */
    @JsonIgnore
    public List<SubscriptionGroup> deliveryGroups() {
        List<SubscriptionGroup> all = new ArrayList<>(groups);
        subscribers.forEach(s -> all.add(new SubscriptionGroup(s, List.of(s), GroupPolicy.ROUND_ROBIN)));
        return all;
    }

    /** Every invoker that receives some of the topic's events, in declaration order. */
    @JsonIgnore
    public Set<String> members() {
        Set<String> members = new LinkedHashSet<>();
        groups.forEach(g -> members.addAll(g.members()));
        members.addAll(subscribers);
        return members;
    }
}
