package io.tempos.trigger;

import io.tempos.core.sys.PipelineStage;
import io.tempos.core.component.Component;
import io.tempos.core.component.ConfigSubscription;
import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.LevelChanges;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.Gauge;
import io.tempos.core.sys.LevelThreadSet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.eclipse.paho.client.mqttv3.MqttException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trigger of the bridging slice: per QoS level a UDP, an HTTP (plain or CloudEvents) and a
 * Unix domain socket endpoint, each turning outside events into stamped frames sent to its
 * broker's ingress of that level; and bridges that subscribe to outside event systems (MQTT,
 * NATS) and send each message on the level of its workflow. See {@code docs/triggers.md}.
 */
public final class Trigger implements Component {

    private static final System.Logger LOG = System.getLogger(Trigger.class.getName());

    private final TriggerSpec spec;
    private final ComponentStats stats;
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** One id sequence for all endpoints: event ids are unique per trigger. */
    private final AtomicLong eventIds = EventForwarder.newIdSequence();
    private final LevelThreadSet levelThreads = new LevelThreadSet();
    private volatile WorkflowDirectory directory = WorkflowDirectory.EMPTY;
    private volatile Deployment configuration;
    private MqttBridge mqtt;
    private NatsConnector nats;
    private ConfigSubscription subscription;
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
        trigger.resources.add(trigger.stats); // closed last: writes out the event log
        try {
            trigger.configure(deployment);
            // The deployment on the brokers' $config topic, before any endpoint serves; then followed.
            trigger.subscription = ConfigSubscription.start(trigger, deployment);
            trigger.resources.add(trigger.subscription);
            Map<String, RateLimits> limits = new HashMap<>();
            deployment.levels().keySet().forEach(level -> limits.put(level, new RateLimits(spec.rateLimitPerS(), spec.sourceRateLimitPerS())));
            for (Map.Entry<String, Integer> udp : spec.udpPorts().entrySet()) {
                QosLevel level = deployment.levels().get(udp.getKey());
                DatagramChannel socket = UdpSockets.bind(spec.host(), udp.getValue(), level);
                trigger.resources.add(socket);
                trigger.stats.watchSocket("udp " + level.name(), udp.getValue());
                trigger.levelThreads.start(level, PipelineStage.INGRESS, id + "-" + level.name() + "-udp", new UdpIngress(socket, trigger.intake(level, broker, limits)));
            }
            for (Map.Entry<String, Integer> http : spec.httpPorts().entrySet()) {
                QosLevel level = deployment.levels().get(http.getKey());
                trigger.resources.add(new HttpIngress(level, id, spec.host(), http.getValue(), trigger.intake(level, broker, limits), trigger.levelThreads));
            }
            for (Map.Entry<String, String> uds : spec.udsPaths().entrySet()) {
                QosLevel level = deployment.levels().get(uds.getKey());
                trigger.resources.add(new UdsIngress(level, id, Path.of(uds.getValue()), trigger.intake(level, broker, limits), trigger.levelThreads));
            }
            if (spec.mqtt() != null) {
                try {
                    trigger.mqtt = new MqttBridge(id, spec.mqtt(), trigger.bridgeIntake(deployment, broker, limits));
                } catch (MqttException e) {
                    throw new IOException("trigger " + id + ": cannot create the MQTT client for " + spec.mqtt().url() + ": " + e.getMessage(), e);
                }
                trigger.resources.add(trigger.mqtt);
            }
            if (spec.nats() != null) {
                trigger.nats = new NatsConnector(id, spec.nats(), trigger.bridgeIntake(deployment, broker, limits));
                trigger.resources.add(trigger.nats);
            }
            trigger.resources.add(ManagementServer.start(spec.host(), spec.managementPort(), trigger, trigger.subscription.gate()));
        } catch (IOException | RuntimeException e) {
            trigger.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "trigger " + id + " up (" + spec.placement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + "): UDP " + spec.udpPorts() + ", HTTP " + spec.httpPorts() + " on " + spec.host()
                + (spec.udsPaths().isEmpty() ? "" : ", Unix sockets " + spec.udsPaths())
                + (spec.mqtt() == null ? "" : ", MQTT " + spec.mqtt().url())
                + (spec.nats() == null ? "" : ", NATS " + spec.nats().url())
                + ", forwarding to broker " + spec.broker());
        return trigger;
    }

    /** The intake of one endpoint of {@code level}, with a forwarder (a socket) of its own. */
    private Intake intake(QosLevel level, BrokerSpec broker, Map<String, RateLimits> limits) throws IOException {
        return new Intake(level.name(), Map.of(level.name(), forwarder(level, broker)), limits,
                () -> directory, stats, spec.maxPayloadBytes());
    }

    /** The intake of a bridge: a forwarder for every level the broker has a port for, since the workflow decides. */
    private Intake bridgeIntake(Deployment deployment, BrokerSpec broker, Map<String, RateLimits> limits) throws IOException {
        Map<String, EventForwarder> forwarders = new HashMap<>();
        for (String level : broker.ports().keySet()) {
            QosLevel qos = deployment.levels().get(level);
            if (qos != null) {
                forwarders.put(level, forwarder(qos, broker));
            }
        }
        return new Intake(null, forwarders, limits, () -> directory, stats, spec.maxPayloadBytes());
    }

    /** The MQTT bridge, or null when the trigger has none. */
    MqttBridge mqtt() {
        return mqtt;
    }

    /** The NATS connector, or null when the trigger has none. */
    NatsConnector nats() {
        return nats;
    }

    private EventForwarder forwarder(QosLevel level, BrokerSpec broker) throws IOException {
        Integer port = broker.ports().get(level.name());
        if (port == null) {
            throw new IllegalArgumentException("trigger " + spec.id() + " has an endpoint for level '" + level.name()
                    + "' but broker " + broker.id() + " has no port for it");
        }
        EventForwarder forwarder = new EventForwarder(level, new InetSocketAddress(broker.host(), port), eventIds, stats.eventLog());
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
        if (deployment == null) {
            throw new IllegalArgumentException("no deployment given");
        }
        Map<String, QosLevel> rescheduled = Map.of();
        if (configuration != null) {
            LevelChanges changes = LevelChanges.between(configuration.levels(), deployment.levels(), servedLevels());
            if (!changes.refused().isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", changes.refused()));
            }
            rescheduled = changes.rescheduled();
        }
        WorkflowDirectory next = WorkflowDirectory.of(deployment);
        levelThreads.reschedule(rescheduled).forEach(problem -> LOG.log(System.Logger.Level.WARNING, "trigger " + spec.id() + ": " + problem));
        directory = next;
        configuration = deployment;
    }

    /** The levels this trigger has threads for: its endpoints' and, with a bridge, every level its broker carries. */
    private Set<String> servedLevels() {
        Set<String> levels = new HashSet<>(spec.udpPorts().keySet());
        levels.addAll(spec.httpPorts().keySet());
        levels.addAll(spec.udsPaths().keySet());
        return levels;
    }

    @Override
    public Deployment configuration() {
        return configuration;
    }

    /** The {@code $config} subscription's counts. */
    @Override
    public List<Gauge> gauges() {
        return subscription == null ? List.of() : subscription.gauges();
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
