package io.tempos.broker;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.ChannelAdapters;
import io.tempos.core.channel.ChannelEndpoints;
import io.tempos.core.channel.ChannelPlan;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.component.Component;
import io.tempos.core.component.ConfigDocument;
import io.tempos.core.component.ConfigGate;
import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.qos.LevelChanges;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.Gauge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker of the delivery slice: one {@link LevelLane} (ingress socket, bounded queue,
 * queue processor) per QoS level it has a port for, routing every event by its workflow's
 * topic to one member of each of the topic's subscription groups.
 *
 * <p>Threads: per level a receiver and a queue processor, both with the level's scheduling;
 * the management endpoint's threads apply configurations by handing each lane's processor its
 * new subscription groups as a command and then publishing a new immutable routing table,
 * never by locking a lane; a health poller of the member invokers; and, when a level has
 * {@code max-wait-ms}, a {@link StarvationGuard}.
 */
public final class Broker implements Component {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    /** How long {@link #configure} waits for the lanes' processors to take new groups. */
    private static final long APPLY_WAIT_MS = 2_000;
    /** How long {@link #configure} waits for new members' connections (stream channels) before it publishes the routes. */
    private static final long CONNECT_WAIT_MS = 1_000;

    private final BrokerSpec spec;
    private final ComponentStats stats;
    private final Map<String, LevelLane> lanes = new LinkedHashMap<>();
    private volatile RoutingTable routes = RoutingTable.EMPTY;
    private volatile Deployment configuration;
    private ManagementServer management;
    private MemberHealthWatch health;
    private StarvationGuard guard;
    private ConfigTopic configTopic;
    private boolean closed;

    private Broker(BrokerSpec spec) {
        this.spec = spec;
        this.stats = new ComponentStats(spec.id());
    }

    /**
     * Starts the broker {@code id} of {@code deployment}: binds its level sockets and its
     * management endpoint, starts its lanes and applies the deployment.
     *
     * @throws IllegalArgumentException when {@code id} is not a broker of the deployment, or a
     *                                  level's channel adapter cannot honour the level ({@link ChannelPlan})
     * @throws IOException              when a socket cannot be bound
     */
    public static Broker start(Deployment deployment, String id) throws IOException {
        return start(deployment, id, ChannelAdapters.installed());
    }

    /** Starts it with the channel adapters {@code adapters} (the installed ones, or a test's plugins folder). */
    public static Broker start(Deployment deployment, String id, ChannelAdapters adapters) throws IOException {
        BrokerSpec spec = deployment.brokers().get(id);
        if (spec == null) {
            throw new IllegalArgumentException("no broker named '" + id + "'; brokers: " + deployment.brokers().keySet());
        }
        ChannelPlan.requireFor(deployment, adapters, "broker " + id, id);
        Broker broker = new Broker(spec);
        try {
            for (String name : spec.levels()) {
                QosLevel level = deployment.levels().get(name);
                ChannelAdapter adapter = adapters.get(level.channel());
                Endpoint endpoint = ChannelEndpoints.brokerIngress(spec, name);
                String busyWait = BusyWait.warning(id, level);
                if (busyWait != null) {
                    LOG.log(System.Logger.Level.WARNING, busyWait);
                }
                broker.lanes.put(name, new LevelLane(id, level, adapter, endpoint, deployment.tsn(), () -> broker.routes, broker.stats));
                if (!endpoint.isPath() && !adapter.capabilities().reliable()) {
                    broker.stats.watchSocket(name, endpoint.port());   // the kernel's drops of a full UDP receive buffer
                }
            }
            if (spec.healthIntervalMs() > 0) {
                broker.health = new MemberHealthWatch(id, spec.healthIntervalMs(), broker::tellAllLanes);
            }
            broker.configure(deployment);
            // The $config topic: retained for subscribers, and run by a broker restarted from its file.
            broker.configTopic = ConfigTopic.open(id, deployment, spec.stateDir());
            ConfigGate gate = new ConfigGate(broker);
            broker.configTopic.applyRetained(gate);
            broker.guard = StarvationGuard.startFor(id, broker.lanes.values());
            // "/topics/$config" is the longer context: the server gives it its own requests.
            broker.management = ManagementServer.start(spec.host(), spec.managementPort(), broker, gate,
                    Map.of(ConfigDocument.PATH, new ConfigTopicEndpoint(broker.configTopic), TopicsEndpoint.PATH, new TopicsEndpoint(broker)));
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "broker " + id + " up: levels " + broker.describeLanes(deployment)
                + ", management on " + spec.host() + ":" + spec.managementPort());
        return broker;
    }

    @Override
    public String id() {
        return spec.id();
    }

    private String describeLanes(Deployment deployment) {
        List<String> lines = new ArrayList<>();
        lanes.forEach((name, lane) -> lines.add(name + " on " + deployment.levels().get(name).channel() + " " + lane.ingressEndpoint()));
        return lines.toString();
    }

    /**
     * Applies {@code deployment}'s workflows and topics: validates them into a new routing table,
     * hands every lane's processor its new subscription groups (members that joined get a
     * socket, members that left lose theirs) and waits until they are in force, then publishes
     * the table to the receivers.
     */
    @Override
    public synchronized void configure(Deployment deployment) {
        if (deployment == null) {
            throw new IllegalArgumentException("no deployment given");
        }
        Map<String, QosLevel> rescheduled = Map.of();
        if (configuration != null) {
            LevelChanges changes = LevelChanges.between(configuration.levels(), deployment.levels(), lanes.keySet());
            if (!changes.refused().isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", changes.refused()));
            }
            rescheduled = changes.rescheduled();
        }
        RoutingTable next = RoutingTable.of(deployment, lanes, stats);
        List<CompletableFuture<Void>> applied = new ArrayList<>();
        for (LevelLane lane : lanes.values()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (!lane.offer(new LaneCommand.Reconfigure(next.topology(lane.level().name()), done))) {
                throw new IllegalStateException("the " + lane.level().name() + " queue processor has "
                        + LaneCommands.CAPACITY + " commands waiting and takes no more; is it starved?");
            }
            applied.add(done);
        }
        try {
            CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).get(APPLY_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The commands stay queued and apply before the next event; the processor is starved or stalled.
            LOG.log(System.Logger.Level.WARNING, "broker " + id() + ": a queue processor has not taken the new subscription groups within "
                    + APPLY_WAIT_MS + " ms; they apply when it runs again");
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying the subscription groups failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_WAIT_MS);
        for (LevelLane lane : lanes.values()) {
            for (Member member : lane.awaitMembersConnected(deadline)) {
                LOG.log(System.Logger.Level.WARNING, "broker " + id() + ": no " + lane.level().channel() + " connection to invoker "
                        + member + " yet; its events are dropped as send-failed until it connects (retried with backoff)");
            }
        }
        routes = next;
        rescheduled.forEach((name, level) -> lanes.get(name).reschedule(level)
                .forEach(problem -> LOG.log(System.Logger.Level.WARNING, "broker " + id() + ": " + problem)));
        configuration = deployment;
        if (health != null) {
            health.watch(deployment);
        }
    }

    private boolean tellAllLanes(LaneCommand.MemberHealth verdict) {
        boolean all = true;
        for (LevelLane lane : lanes.values()) {
            all &= lane.offer(verdict);
        }
        return all;
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
     * The {@code $config} topic's counts and retained version; per level and member invoker, the
     * sender's connection ({@code tempos_channel_connected}: always 1 on a datagram channel) and
     * the frames it knew lost when a connection broke ({@code tempos_channel_lost_frames}).
     */
    @Override
    public List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>(configTopic == null ? List.of() : configTopic.gauges());
        lanes.forEach((name, lane) -> {
            for (Member member : lane.members()) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("level", name);
                labels.put("channel", lane.level().channel());
                labels.put("peer", member.invokerId());
                gauges.add(new Gauge("tempos_channel_connected", "1 when the level's sender to the peer has a connection (always on datagram channels)",
                        labels, member.connected() ? 1 : 0));
                gauges.add(new Gauge("tempos_channel_lost_frames", "frames the level's sender to the peer took and then lost when a connection broke",
                        labels, member.lostFrames()));
            }
        });
        return gauges;
    }

    /**
     * What every topic of a level this broker serves can give right now, in the configuration's
     * order ({@link TopicQos}); any thread.
     */
    List<TopicQos> topicQos() {
        Deployment d = configuration;
        List<TopicQos> all = new ArrayList<>();
        if (d != null) {
            TopicQosProbe.Context context = probeContext(d);
            for (TopicSpec topic : d.topics().values()) {
                LevelLane lane = lanes.get(topic.level());
                if (lane != null) {
                    all.add(probe(context, topic, lane));
                }
            }
        }
        return all;
    }

    /**
     * What topic {@code name} can give right now.
     *
     * @throws IllegalArgumentException naming the topics this broker serves, when it serves none named so
     */
    TopicQos topicQos(String name) {
        Deployment d = configuration;
        TopicSpec topic = d == null ? null : d.topics().get(name);
        LevelLane lane = topic == null ? null : lanes.get(topic.level());
        if (lane == null) {
            throw new IllegalArgumentException(topic == null
                    ? "no topic named '" + name + "' on broker " + id() + "; its topics: " + servedTopics()
                    : "topic '" + name + "' has level '" + topic.level() + "', which broker " + id() + " does not serve (it serves "
                    + lanes.keySet() + "); its topics: " + servedTopics());
        }
        return probe(probeContext(d), topic, lane);
    }

    /** The names of the topics of the levels this broker serves, in the configuration's order. */
    List<String> servedTopics() {
        Deployment d = configuration;
        return d == null ? List.of()
                : d.topics().values().stream().filter(t -> lanes.containsKey(t.level())).map(TopicSpec::name).toList();
    }

    private TopicQosProbe.Context probeContext(Deployment d) {
        return new TopicQosProbe.Context(id(), d, stats.snapshot(), System.nanoTime());
    }

    private TopicQos probe(TopicQosProbe.Context context, TopicSpec topic, LevelLane lane) {
        List<LaneTopology.GroupPlan> groups = routes.topology(topic.level()).topics().get(topic.name());
        return TopicQosProbe.of(context, topic, lane, groups, guard != null && guard.boosted(topic.level()));
    }

    /** The {@code $config} topic, for tests of this package. */
    ConfigTopic configTopic() {
        return configTopic;
    }

    @Override
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        lanes.forEach((name, lane) -> depths.put(name, lane.queueDepth()));
        return depths;
    }

    /** The lane of {@code level}, for tests of this package. */
    LevelLane lane(String level) {
        return lanes.get(level);
    }

    StarvationGuard guard() {
        return guard;
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
        if (health != null) {
            health.close();
        }
        if (guard != null) {
            guard.close();
        }
        lanes.values().forEach(LevelLane::close);
        stats.close();
    }
}
