package io.tempos.trigger;

import io.tempos.core.component.Component;
import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.sys.LevelThreads;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trigger of the bridging slice: one UDP and one HTTP endpoint per QoS level, each
 * turning outside events into stamped frames sent to its broker's ingress of that level.
 */
public final class Trigger implements Component {

    private static final System.Logger LOG = System.getLogger(Trigger.class.getName());

    private final TriggerSpec spec;
    private final ComponentStats stats;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile WorkflowDirectory directory = WorkflowDirectory.EMPTY;
    private volatile Deployment configuration;
    private boolean closed;

    private Trigger(TriggerSpec spec) {
        this.spec = spec;
        this.stats = new ComponentStats(spec.id());
    }

    /**
     * Starts the trigger {@code id} of {@code deployment}.
     *
     * @throws IllegalArgumentException when {@code id} is not a trigger of the deployment, or
     *                                  its broker lacks a level it has an endpoint for
     * @throws IOException              when an endpoint cannot be bound
     */
    public static Trigger start(Deployment deployment, String id) throws IOException {
        TriggerSpec spec = deployment.triggers().get(id);
        if (spec == null) {
            throw new IllegalArgumentException("no trigger named '" + id + "'; triggers: " + deployment.triggers().keySet());
        }
        BrokerSpec broker = deployment.brokers().get(spec.broker());
        Trigger trigger = new Trigger(spec);
        try {
            trigger.configure(deployment);
            for (Map.Entry<String, Integer> udp : spec.udpPorts().entrySet()) {
                QosLevel level = deployment.levels().get(udp.getKey());
                DatagramChannel socket = UdpSockets.bind(spec.host(), udp.getValue(), level);
                trigger.resources.add(socket);
                trigger.stats.watchSocket("udp " + level.name(), udp.getValue());
                EventForwarder forwarder = trigger.forwarder(level, broker);
                LevelThreads.start(level, id + "-" + level.name() + "-udp",
                        new UdpIngress(level.name(), socket, forwarder, () -> trigger.directory, trigger.stats, spec.maxPayloadBytes()));
            }
            for (Map.Entry<String, Integer> http : spec.httpPorts().entrySet()) {
                QosLevel level = deployment.levels().get(http.getKey());
                trigger.resources.add(new HttpIngress(level, id, spec.host(), http.getValue(), trigger.forwarder(level, broker),
                        () -> trigger.directory, trigger.stats, spec.maxPayloadBytes()));
            }
            trigger.resources.add(ManagementServer.start(spec.host(), spec.managementPort(), trigger));
        } catch (IOException | RuntimeException e) {
            trigger.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "trigger " + id + " up: UDP " + spec.udpPorts() + ", HTTP " + spec.httpPorts()
                + " on " + spec.host() + ", forwarding to broker " + spec.broker());
        return trigger;
    }

    private EventForwarder forwarder(QosLevel level, BrokerSpec broker) throws IOException {
        Integer port = broker.ports().get(level.name());
        if (port == null) {
            throw new IllegalArgumentException("trigger " + spec.id() + " has an endpoint for level '" + level.name()
                    + "' but broker " + broker.id() + " has no port for it");
        }
        EventForwarder forwarder = new EventForwarder(level, new InetSocketAddress(broker.host(), port));
        resources.add(forwarder);
        forwarder.listenForRejections(() -> directory, stats, spec.id() + "-" + level.name() + "-rejections");
        return forwarder;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public void configure(Deployment deployment) {
        directory = WorkflowDirectory.of(deployment);
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + resource + ": " + e);
            }
        }
    }
}
