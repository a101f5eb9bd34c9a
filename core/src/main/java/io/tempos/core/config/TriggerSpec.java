package io.tempos.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trigger (the bridging slice): outside events in, stamped events out to its broker.
 *
 * @param id                  the component's name
 * @param host                address its endpoints bind to
 * @param managementPort      HTTP port of its management endpoint
 * @param broker              the broker it forwards events to
 * @param udpPorts            UDP ingress port per QoS level
 * @param httpPorts           HTTP ingress port per QoS level
 * @param udsPaths            Unix domain socket path per QoS level (placement A: next to the source)
 * @param maxPayloadBytes     the largest payload it accepts
 * @param rateLimitPerS       events per second each level's endpoints accept from all sources together; 0 = no limit
 * @param sourceRateLimitPerS events per second each level's endpoints accept from one source; 0 = no limit
 * @param placement           where it runs: its own process, or inside its broker's process
 * @param mqtt                the MQTT bridge (subscriptions on an outside MQTT broker), or null
 * @param nats                the NATS connector (subscriptions on an outside NATS server), or null
 */
public record TriggerSpec(String id, String host, int managementPort, String broker,
                          Map<String, Integer> udpPorts, Map<String, Integer> httpPorts, Map<String, String> udsPaths,
                          int maxPayloadBytes, int rateLimitPerS, int sourceRateLimitPerS,
                          TriggerPlacement placement, MqttBridgeSpec mqtt, NatsBridgeSpec nats) implements ComponentSpec {
    public TriggerSpec {
        udpPorts = ordered(udpPorts);
        httpPorts = ordered(httpPorts);
        udsPaths = ordered(udsPaths == null ? Map.of() : udsPaths);
        placement = placement == null ? TriggerPlacement.STANDALONE : placement;
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
