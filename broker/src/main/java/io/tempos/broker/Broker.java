package io.tempos.broker;

import io.tempos.core.component.Component;
import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker of the delivery slice: one {@link LevelLane} (ingress socket, bounded queue,
 * queue processor) per QoS level it has a port for, routing every event by its workflow's
 * topic to the topic's subscribers.
 *
 * <p>Threads: per level a receiver and a queue processor, both with the level's scheduling;
 * the management endpoint's threads apply configurations by publishing a new immutable
 * routing table, never by locking a lane.
 */
public final class Broker implements Component {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());

    private final BrokerSpec spec;
    private final ComponentStats stats;
    private final Map<String, LevelLane> lanes = new LinkedHashMap<>();
    private volatile RoutingTable routes = RoutingTable.EMPTY;
    private volatile Deployment configuration;
    private ManagementServer management;
    private boolean closed;

    private Broker(BrokerSpec spec) {
        this.spec = spec;
        this.stats = new ComponentStats(spec.id());
    }

    /**
     * Starts the broker {@code id} of {@code deployment}: binds its level sockets and its
     * management endpoint, starts its lanes and applies the deployment.
     *
     * @throws IllegalArgumentException when {@code id} is not a broker of the deployment
     * @throws IOException              when a socket cannot be bound
     */
    public static Broker start(Deployment deployment, String id) throws IOException {
        BrokerSpec spec = deployment.brokers().get(id);
        if (spec == null) {
            throw new IllegalArgumentException("no broker named '" + id + "'; brokers: " + deployment.brokers().keySet());
        }
        Broker broker = new Broker(spec);
        try {
            for (Map.Entry<String, Integer> port : spec.ports().entrySet()) {
                QosLevel level = deployment.levels().get(port.getKey());
                broker.lanes.put(level.name(), new LevelLane(id, level, spec.host(), port.getValue(), () -> broker.routes, broker.stats));
                broker.stats.watchSocket(level.name(), port.getValue());
            }
            broker.configure(deployment);
            broker.management = ManagementServer.start(spec.host(), spec.managementPort(), broker);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "broker " + id + " up: levels " + spec.ports() + " on " + spec.host()
                + ", management on port " + spec.managementPort());
        return broker;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public synchronized void configure(Deployment deployment) {
        if (deployment == null) {
            throw new IllegalArgumentException("no deployment given");
        }
        routes = RoutingTable.of(deployment, lanes, stats);
        configuration = deployment;
    }

    @Override
    public Deployment configuration() {
        return configuration;
    }

    @Override
    public ComponentSnapshot stats() {
        return stats.snapshot();
    }

    @Override
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        lanes.forEach((name, lane) -> depths.put(name, lane.queueDepth()));
        return depths;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (management != null) {
            management.close();
        }
        lanes.values().forEach(LevelLane::close);
        stats.close();
    }
}
