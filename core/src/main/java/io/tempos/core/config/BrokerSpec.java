package io.tempos.core.config;

import java.util.Map;

/**
 * A broker (the message-oriented middleware of the delivery slice).
 *
 * @param id             the component's name
 * @param host           address its sockets bind to and others send to
 * @param managementPort HTTP port of its management endpoint
 * @param ports          ingress UDP port per QoS level
 */
public record BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports) implements ComponentSpec {
    public BrokerSpec {
        ports = ordered(ports);
    }

    private static Map<String, Integer> ordered(Map<String, Integer> ports) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ports));
    }
}
