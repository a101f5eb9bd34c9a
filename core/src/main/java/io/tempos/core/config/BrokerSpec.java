package io.tempos.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A broker (the message-oriented middleware of the delivery slice).
 *
 * @param id               the component's name
 * @param host             address its sockets bind to and others send to
 * @param managementPort   HTTP port of its management endpoint
 * @param ports            ingress port per QoS level whose channel listens on host:port (udp, tcp, tsn)
 * @param healthIntervalMs how often the broker polls each subscribed invoker's {@code /health};
 *                         0 = never (members are then marked down only by ICMP port-unreachable)
 * @param socketPaths      ingress socket path per QoS level whose channel listens on a path ({@code uds});
 *                         a level has a port or a path, not both
 * @param stateDir         where the broker keeps the {@code $config} topic's retained document, so
 *                         that a restarted broker has it; null = in memory only
 */
public record BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, int healthIntervalMs,
                         Map<String, String> socketPaths, String stateDir)
        implements ComponentSpec {

    public static final int DEFAULT_HEALTH_INTERVAL_MS = 500;

    public BrokerSpec {
        ports = ordered(ports);
        socketPaths = socketPaths == null ? Map.of() : ordered(socketPaths);
    }

    /** A broker without socket paths that keeps the {@code $config} topic in memory only. */
    public BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, int healthIntervalMs) {
        this(id, host, managementPort, ports, healthIntervalMs, Map.of(), null);
    }

    /** A broker that keeps the {@code $config} topic in memory only. */
    public BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, int healthIntervalMs,
                      Map<String, String> socketPaths) {
        this(id, host, managementPort, ports, healthIntervalMs, socketPaths, null);
    }

    /** A broker without socket paths. */
    public BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, int healthIntervalMs, String stateDir) {
        this(id, host, managementPort, ports, healthIntervalMs, Map.of(), stateDir);
    }

    /** A broker that polls its invokers' health every {@value #DEFAULT_HEALTH_INTERVAL_MS} ms. */
    public BrokerSpec(String id, String host, int managementPort, Map<String, Integer> ports) {
        this(id, host, managementPort, ports, DEFAULT_HEALTH_INTERVAL_MS, Map.of(), null);
    }

    /** The levels it serves: those with a port, then those with a socket path. */
    public Set<String> levels() {
        Set<String> levels = new LinkedHashSet<>(ports.keySet());
        levels.addAll(socketPaths.keySet());
        return levels;
    }

    private static <V> Map<String, V> ordered(Map<String, V> values) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
