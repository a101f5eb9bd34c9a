package io.tempos.core.config;

import java.util.List;

/**
 * A trigger's connector to an outside NATS server: it subscribes to subjects there and turns
 * each message into an event of the subject's workflow (on the workflow's level).
 *
 * @param url           the outside server, {@code nats://host:port} or {@code tls://host:port}
 * @param retryMaxMs    the longest wait between two connection attempts
 * @param subscriptions the subjects and their workflows; each subscription gets its own copy of a message
 */
public record NatsBridgeSpec(String url, int retryMaxMs, List<Subscription> subscriptions) {

    public NatsBridgeSpec {
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * @param subject  a NATS subject; {@code *} matches one token, a final {@code >} one or more
     * @param workflow the workflow its messages trigger
     * @param queue    a queue group (each message goes to one member of the group), or empty for none
     */
    public record Subscription(String subject, String workflow, String queue) {
    }
}
