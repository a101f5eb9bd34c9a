package io.tempos.core.config;

import java.util.Map;

/**
 * An invoker (the processing slice): receives events and runs their workflows' functions.
 *
 * @param id             the component's name
 * @param host           address its sockets bind to and the broker sends to
 * @param managementPort HTTP port of its management endpoint
 * @param ports          UDP port per QoS level on which it receives events
 */
public record InvokerSpec(String id, String host, int managementPort, Map<String, Integer> ports) implements ComponentSpec {
    public InvokerSpec {
        ports = ordered(ports);
    }

    private static Map<String, Integer> ordered(Map<String, Integer> ports) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ports));
    }
}
