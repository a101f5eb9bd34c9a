package io.tempos.core.config;

import java.util.Map;

/**
 * A broker (the message-oriented middleware of the delivery slice).
 *
 * @param id             the component's name
 * @param host           address its sockets bind to and others send to
 * @param managementPort HTTP port of its management endpoint
 * @param ports          ingress UDP port per QoS level
 * @param healthIntervalMs how often the broker polls each subscribed invoker's {@code /health};
 *                         0 = never (members are then marked down only by ICMP port-unreachable)
 * @param stateDir       where the broker keeps the {@code $config} topic's retained document, so
 *                       that a restarted broker has it; null = in memory only
 */
public record BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, int healthIntervalMs,
                         String stateDir) implements ComponentSpec {

    public static final int DEFAULT_HEALTH_INTERVAL_MS = 500;

    public BrokerSpec {
        ports = ordered(ports);
    }

    /** A broker that keeps the {@code $config} topic in memory only. */
    public BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, int healthIntervalMs) {
        this(id, host, managementPort, ports, healthIntervalMs, null);
    }

    /** A broker that polls its invokers' health every {@value #DEFAULT_HEALTH_INTERVAL_MS} ms. */
    public BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports) {
        this(id, host, managementPort, ports, DEFAULT_HEALTH_INTERVAL_MS);
    }

    private static Map<String, Integer> ordered(Map<String, Integer> ports) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ports));
    }
}
