package io.tempos.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An invoker (the processing slice): receives events and runs their workflows' functions.
 *
 * @param id             the component's name
 * @param host           address its sockets bind to and the broker sends to
 * @param managementPort HTTP port of its management endpoint
 * @param ports          port per QoS level whose channel listens on host:port (udp, tcp, tsn)
 * @param socketPaths    socket path per QoS level whose channel listens on a path ({@code uds});
 *                       a level has a port or a path, not both
 */
public record InvokerSpec(String id, String host, int managementPort, Map<String, Integer> ports, Map<String, String> socketPaths)
        implements ComponentSpec {

    public InvokerSpec {
        ports = ordered(ports);
        socketPaths = socketPaths == null ? Map.of() : ordered(socketPaths);
    }

    /** An invoker without socket paths. */
    public InvokerSpec(String id, String host, int managementPort, Map<String, Integer> ports) {
        this(id, host, managementPort, ports, Map.of());
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
