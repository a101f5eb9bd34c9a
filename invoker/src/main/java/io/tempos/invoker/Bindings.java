package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.qos.LevelChanges;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.ThreadScheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an invoker fixes at start and keeps until it stops: its sockets (host, one port or
 * socket path per level, the level's channel adapter) and its worker threads (how many per
 * level, their socket priority). A later configuration that changes any of these cannot be
 * honoured by a running invoker and is refused, rather than half applied; a level's scheduling
 * changes live ({@link LevelChanges}).
 *
 * @param levels the levels the invoker has a port for, in the deployment's order
 */
record Bindings(String host, Map<String, Integer> ports, Map<String, String> socketPaths, Map<String, QosLevel> levels) {

    Bindings {
        ports = Map.copyOf(ports);
        socketPaths = Map.copyOf(socketPaths);
        levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
    }

    /**
     * The bindings of {@code invoker} in {@code deployment}.
     *
     * @throws IllegalArgumentException when a port names a level the deployment does not define
     */
    static Bindings of(Deployment deployment, InvokerSpec invoker) {
        Map<String, QosLevel> levels = new LinkedHashMap<>();
        deployment.levels().values().stream().filter(l -> invoker.levels().contains(l.name()))
                .forEach(l -> levels.put(l.name(), l));
        List<String> unknown = invoker.levels().stream().filter(l -> !levels.containsKey(l)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("invokers." + invoker.id() + ".ports: no level named " + unknown
                    + "; levels: " + deployment.levels().keySet());
        }
        return new Bindings(invoker.host(), invoker.ports(), invoker.socketPaths(), levels);
    }

    /** What {@code deployment} changes of these bindings for invoker {@code id}; empty when nothing. */
    List<String> changesIn(Deployment deployment, String id) {
        List<String> changes = new ArrayList<>();
        InvokerSpec invoker = deployment.invokers().get(id);
        if (invoker == null) {
            changes.add("deployment '" + deployment.name() + "' has no invoker named '" + id + "'; invokers: "
                    + deployment.invokers().keySet());
            return changes;
        }
        String restart = "; restart the invoker to change them";
        if (!invoker.host().equals(host) || !invoker.ports().equals(ports)) {
            changes.add("invokers." + id + ": host and ports " + invoker.host() + " " + new TreeMap<>(invoker.ports())
                    + " differ from those bound at start " + host + " " + new TreeMap<>(ports) + restart);
        }
        if (!invoker.socketPaths().equals(socketPaths)) {
            changes.add("invokers." + id + ": socket-paths " + new TreeMap<>(invoker.socketPaths())
                    + " differ from those bound at start " + new TreeMap<>(socketPaths) + restart);
        }
        LevelChanges levelChanges = LevelChanges.between(levels, deployment.levels(), levels.keySet());
        changes.addAll(levelChanges.refused());
        return changes;
    }

    /** These bindings with the levels {@code rescheduled} changed, as the running threads now have them. */
    Bindings rescheduled(Map<String, QosLevel> rescheduled) {
        Map<String, QosLevel> next = new LinkedHashMap<>(levels);
        next.putAll(rescheduled);
        return new Bindings(host, ports, socketPaths, next);
    }

    private static String describe(QosLevel level) {
        return level.workers() + " worker(s) at " + ThreadScheduling.describe(level) + ", socket priority " + level.socketPriority()
                + " on channel " + level.channel();
    }
}
