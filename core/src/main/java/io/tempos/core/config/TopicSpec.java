package io.tempos.core.config;

import java.util.List;

/**
 * A QoS-aware topic: events of its level arrive on the broker's ingress channel of that level,
 * wait in the level's queue and leave on the egress channels to its subscribers.
 *
 * @param name        unique name
 * @param level       the QoS level of the topic's queue and channels
 * @param subscribers the invokers that receive every event of the topic
 */
public record TopicSpec(String name, String level, List<String> subscribers) {
    public TopicSpec {
        subscribers = List.copyOf(subscribers);
    }
}
