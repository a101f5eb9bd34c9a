package io.tempos.core.config;

import java.util.Map;

/**
 * A trigger (the bridging slice): outside events in, stamped events out to its broker.
 *
 * @param id              the component's name
 * @param host            address its endpoints bind to
 * @param managementPort  HTTP port of its management endpoint
 * @param broker          the broker it forwards events to
 * @param udpPorts        UDP ingress port per QoS level
 * @param httpPorts       HTTP ingress port per QoS level
 * @param maxPayloadBytes the largest payload it accepts
 */
public record TriggerSpec(String id, String host, int managementPort, String broker,
                          Map<String, Integer> udpPorts, Map<String, Integer> httpPorts,
                          int maxPayloadBytes) implements ComponentSpec {
    public TriggerSpec {
        udpPorts = ordered(udpPorts);
        httpPorts = ordered(httpPorts);
    }

    private static Map<String, Integer> ordered(Map<String, Integer> ports) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ports));
    }
}
