package io.tempos.trigger;

import io.tempos.core.channel.ChannelAdapters;
import io.tempos.core.channel.ChannelEndpoints;
import io.tempos.core.channel.ChannelPlan;
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
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The trigger of the bridging slice: per QoS level a UDP, an HTTP (plain or CloudEvents) and a
 * Unix domain socket endpoint, each turning outside events into stamped frames sent to its
 * broker's ingress of that level; and bridges that subscribe to outside event systems (MQTT,
 * NATS) and send each message on the level of its workflow. See {@code docs/triggers.md}.
 */
public final class Trigger implements Component {

    private static final System.Logger LOG = System.getLogger(Trigger.class.getName());

    private final TriggerSpec spec;
    private final ChannelAdapters adapters;
    private final ComponentStats stats;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<EventForwarder> forwarders = new ArrayList<>();
    /** How long a starting trigger waits for its connection-based forwarders to connect. */
    private static final long CONNECT_WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    /** One id sequence for all endpoints: event ids are unique per trigger. */
    private final AtomicLong eventIds = EventForwarder.newIdSequence();
    private final LevelThreadSet levelThreads = new LevelThreadSet();
    private volatile WorkflowDirectory directory = WorkflowDirectory.EMPTY;
    private volatile Deployment configuration;
    private MqttBridge mqtt;
    private NatsConnector nats;
    private ConfigSubscription subscription;
    private boolean closed;

    private Trigger(TriggerSpec spec, ChannelAdapters adapters) {
        this.spec = spec;
        this.adapters = adapters;
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
        return start(deployment, id, ChannelAdapters.installed());
    }

    /** Starts it with the channel adapters {@code adapters} (the installed ones, or a test's plugins folder). */
    public static Trigger start(Deployment deployment, String id, ChannelAdapters adapters) throws IOException {
        TriggerSpec spec = deployment.triggers().get(id);
        if (spec == null) {
            throw new IllegalArgumentException("no trigger named '" + id + "'; triggers: " + deployment.triggers().keySet());
        }
        BrokerSpec broker = deployment.brokers().get(spec.broker());
        ChannelPlan.requireFor(deployment, adapters, "trigger " + id, id);
        Trigger trigger = new Trigger(spec, adapters);
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
                trigger.levelThreads.start(level, PipelineStage.INGRESS, id + "-" + level.name() + "-udp", new UdpIngress(socket, trigger.intake(level, broker, limits, deployment)));
            }
            for (Map.Entry<String, Integer> http : spec.httpPorts().entrySet()) {
                QosLevel level = deployment.levels().get(http.getKey());
                trigger.resources.add(new HttpIngress(level, id, spec.host(), http.getValue(), trigger.intake(level, broker, limits, deployment), trigger.levelThreads));
            }
            for (Map.Entry<String, String> uds : spec.udsPaths().entrySet()) {
                QosLevel level = deployment.levels().get(uds.getKey());
                trigger.resources.add(new UdsIngress(level, id, Path.of(uds.getValue()), trigger.intake(level, broker, limits, deployment), trigger.levelThreads));
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
            trigger.awaitConnections();
        } catch (IOException | RuntimeException e) {
            trigger.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "trigger " + id + " up (" + spec.placement().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "): UDP " + spec.udpPorts() + ", HTTP " + spec.httpPorts() + " on " + spec.host()
                + (spec.udsPaths().isEmpty() ? "" : ", Unix sockets " + spec.udsPaths())
                + (spec.mqtt() == null ? "" : ", MQTT " + spec.mqtt().url())
                + (spec.nats() == null ? "" : ", NATS " + spec.nats().url())
                + ", forwarding to broker " + spec.broker());
        return trigger;
    }

    /** The intake of one endpoint of {@code level}, with a forwarder (a socket) of its own. */
    private Intake intake(QosLevel level, BrokerSpec broker, Map<String, RateLimits> limits, Deployment deployment) throws IOException {
        return new Intake(level.name(), Map.of(level.name(), forwarder(level, broker, deployment)), limits,
                () -> directory, stats, spec.maxPayloadBytes());
    }

    /** The intake of a bridge: a forwarder for every level the broker has a port for, since the workflow decides. */
    private Intake bridgeIntake(Deployment deployment, BrokerSpec broker, Map<String, RateLimits> limits) throws IOException {
        Map<String, EventForwarder> forwarders = new HashMap<>();
        for (String level : broker.levels()) {
            QosLevel qos = deployment.levels().get(level);
            if (qos != null) {
                forwarders.put(level, forwarder(qos, broker, deployment));
            }
        }
        return new Intake(null, forwarders, limits, () -> directory, stats, spec.maxPayloadBytes());
    }

    /**
     * Waits a moment for the forwarders of connection-based channels to connect (their reply
     * readers connect them), so that the first events do not meet a connection still being made;
     * a broker that is not up yet is only logged: its forwarders keep trying with backoff.
     */
    private void awaitConnections() {
        long deadline = System.nanoTime() + CONNECT_WAIT_NS;
        for (EventForwarder forwarder : forwarders) {
            while (!forwarder.connected() && System.nanoTime() - deadline < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            if (!forwarder.connected()) {
                LOG.log(System.Logger.Level.WARNING, "trigger " + spec.id() + ": no connection to broker " + spec.broker() + " at "
                        + forwarder.broker() + " yet; events sent before it connects are dropped as send-failed");
            }
        }
    }

    /** The MQTT bridge, or null when the trigger has none. */
    MqttBridge mqtt() {
        return mqtt;
    }

    /** The NATS connector, or null when the trigger has none. */
    NatsConnector nats() {
        return nats;
    }

    private EventForwarder forwarder(QosLevel level, BrokerSpec broker, Deployment deployment) throws IOException {
        if (!broker.levels().contains(level.name())) {
            throw new IllegalArgumentException("trigger " + spec.id() + " has an endpoint for level '" + level.name()
                    + "' but broker " + broker.id() + " has no port (or socket path) for it");
        }
        EventForwarder forwarder = new EventForwarder(level, adapters.get(level.channel()),
                ChannelEndpoints.brokerIngress(broker, level.name()), deployment.tsn(), eventIds, stats.eventLog());
        resources.add(forwarder);
        forwarders.add(forwarder);
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

    @Override
    public ComponentSnapshot stats() {
        return stats.snapshot();
    }

    /**
     * The {@code $config} subscription's counts; per level, the connection to the broker
     * ({@code tempos_channel_connected}: 1 when every forwarder of the level has one; always 1 on
     * a datagram channel) and the frames its senders knew lost when a connection broke
     * ({@code tempos_channel_lost_frames}).
     */
    @Override
    public List<Gauge> gauges() {
        Map<String, double[]> byLevel = new LinkedHashMap<>();
        Map<String, String> channels = new HashMap<>();
        for (EventForwarder forwarder : forwarders) {
            double[] values = byLevel.computeIfAbsent(forwarder.level().name(), l -> new double[]{1, 0});
            values[0] = Math.min(values[0], forwarder.connected() ? 1 : 0);
            values[1] += forwarder.lostFrames();
            channels.put(forwarder.level().name(), forwarder.channelName());
        }
        List<Gauge> gauges = new ArrayList<>(subscription == null ? List.of() : subscription.gauges());
        byLevel.forEach((level, values) -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("level", level);
            labels.put("channel", channels.get(level));
            labels.put("peer", spec.broker());
            gauges.add(new Gauge("tempos_channel_connected", "1 when the level's senders to the peer have a connection (always on datagram channels)", labels, values[0]));
            gauges.add(new Gauge("tempos_channel_lost_frames", "frames the level's senders took and then lost when a connection broke", labels, values[1]));
        });
        return gauges;
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
