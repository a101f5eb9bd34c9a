package io.tempos.core.config;

import java.util.List;

/**
 * A trigger's bridge from an outside MQTT broker: it subscribes to topic filters there and
 * turns each message into an event of the filter's workflow (on the workflow's level).
 *
 * @param url           the outside broker, {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId      the MQTT client id the trigger connects with
 * @param retryMaxMs    the longest wait between two connection attempts (waits double from 100 ms)
 * @param subscriptions the topic filters and their workflows, in the file's order (the first match wins)
 */
public record MqttBridgeSpec(String url, String clientId, int retryMaxMs, List<Subscription> subscriptions) {

    public MqttBridgeSpec {
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * @param topic    an MQTT topic filter; {@code +} matches one level, a final {@code #} any number
     * @param workflow the workflow its messages trigger
     * @param qos      the MQTT QoS of the subscription, 0..2
     */
    public record Subscription(String topic, String workflow, int qos) {
    }
}
