package io.tempos.invoker;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.ChannelAdapters;
import io.tempos.core.channel.ChannelEndpoints;
import io.tempos.core.channel.ChannelPlan;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.component.Component;
import io.tempos.core.component.ConfigSubscription;
import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.qos.LevelChanges;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.Gauge;
import io.tempos.core.sys.LevelThreadSet;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.sys.ThreadScheduling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The processing slice: receives events on one receiver of the level's channel adapter per QoS
 * level (a UDP socket by default) and runs their
 * workflows' functions on that level's worker threads, which carry the level's Linux
 * scheduling (strict: SCHED_FIFO 99) and CPU set.
 *
 * <p>Threads: {@code workers} platform threads per level, each blocking on its level's socket
 * and calling functions itself (the processes it starts get the level's scheduling too); one
 * {@link Watchdog} that interrupts wasm guests and Java functions at their deadline; the
 * {@link ManagementServer}'s HTTP threads, which call {@link #configure} and {@link #stats} and
 * never wait for a worker. The routing table has one writer, {@link #configure}, and is read by
 * the workers through one volatile read per event.
 */
public final class Invoker implements Component {

    private static final System.Logger LOG = System.getLogger(Invoker.class.getName());
    private static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** How long {@link #close} waits for a worker to finish the function it is running. */
    private static final long WORKER_EXIT_WAIT_MS = 2_000;

    private final String id;
    private volatile Bindings bindings;
    private final ComponentStats stats;
    private final AtomicReference<RouteTable> routes = new AtomicReference<>(RouteTable.EMPTY);
    private final RateLimitedLog eventLog;
    private final List<ReceiveChannel> channels = new ArrayList<>();
    private final List<String> listening = new ArrayList<>();
    private final List<LevelWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LevelThreadSet levelThreads = new LevelThreadSet();
    private final Watchdog watchdog;
    private ManagementServer management;
    private ConfigSubscription subscription;
    private volatile Deployment configuration;
    private boolean closed;
    private final WorkerUtilisation utilisation = new WorkerUtilisation();

    private Invoker(String id, Bindings bindings) {
        this.id = id;
        this.bindings = bindings;
        this.stats = new ComponentStats(id);
        this.eventLog = new RateLimitedLog(System.getLogger(Invoker.class.getName() + "." + id), LOG_INTERVAL_NS, System::nanoTime);
        this.watchdog = new Watchdog("invoker-" + id + "-watchdog");
    }

    /**
     * Starts invoker {@code id} of {@code deployment}: loads the functions of the workflows it
     * serves, then binds its level sockets, starts its workers and its management endpoint.
     *
     * @throws IllegalArgumentException when the deployment has no such invoker (the message lists
     *                                  the invokers it has) or a workflow cannot be served
     * @throws IOException              when a socket or the management port cannot be bound
     */
    public static Invoker start(Deployment deployment, String id) throws IOException {
        return start(deployment, id, ChannelAdapters.installed());
    }

    /** Starts it with the channel adapters {@code adapters} (the installed ones, or a test's plugins folder). */
    public static Invoker start(Deployment deployment, String id, ChannelAdapters adapters) throws IOException {
        Objects.requireNonNull(deployment, "deployment");
        InvokerSpec spec = deployment.invokers().get(id);
        if (spec == null) {
            throw new IllegalArgumentException("deployment '" + deployment.name() + "' has no invoker named '" + id
                    + "'; invokers: " + deployment.invokers().keySet());
        }
        ChannelPlan.requireFor(deployment, adapters, "invoker " + id, id);
        Invoker invoker = new Invoker(id, Bindings.of(deployment, spec));
        try {
            invoker.configure(deployment); // every function loads before any socket or thread exists
            // The deployment on the brokers' $config topic, before any worker serves; then followed.
            invoker.subscription = ConfigSubscription.start(invoker, deployment);
            invoker.startWorkers(spec, adapters);
            invoker.management = ManagementServer.start(spec.host(), spec.managementPort(), invoker, invoker.subscription.gate());
        } catch (IOException | RuntimeException e) {
            invoker.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, () -> "invoker " + id + " up: " + invoker.describeLevels()
                + ", management on " + spec.host() + ":" + spec.managementPort());
        return invoker;
    }

    private void startWorkers(InvokerSpec spec, ChannelAdapters adapters) throws IOException {
        String headroom = RealTimeHeadroom.warning(id, bindings.levels().values(), Runtime.getRuntime().availableProcessors());
        if (headroom != null) {
            LOG.log(System.Logger.Level.WARNING, headroom);
        }
        for (QosLevel level : bindings.levels().values()) {
            ChannelAdapter adapter = adapters.get(level.channel());
            Endpoint endpoint = ChannelEndpoints.invoker(spec, level.name());
            ReceiveChannel channel = adapter.openReceiver(endpoint, level);
            channels.add(channel);
            listening.add(level.name() + " on " + adapter.name() + " " + channel.localEndpoint());
            if (!endpoint.isPath() && !adapter.capabilities().reliable()) {
                stats.watchSocket(level.name(), endpoint.port());   // the kernel's drops of a full UDP receive buffer
            }
            for (int i = 0; i < level.workers(); i++) {
                LevelWorker worker = new LevelWorker(id, level.name(), channel, routes, stats, eventLog, watchdog);
                workers.add(worker);
                threads.add(levelThreads.start(level, PipelineStage.WORKER, "invoker-" + id + "-" + level.name() + "-" + i, worker));
            }
        }
    }

    /** Gives the worker threads of each level in {@code rescheduled} its new scheduling. */
    private void reschedule(Map<String, QosLevel> rescheduled) {
        if (rescheduled.isEmpty()) {
            return;
        }
        levelThreads.reschedule(rescheduled).forEach(problem -> LOG.log(System.Logger.Level.WARNING, "invoker " + id + ": " + problem));
        bindings = bindings.rescheduled(rescheduled);
        LOG.log(System.Logger.Level.INFO, () -> "invoker " + id + " rescheduled: " + describeLevels());
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Serves the workflows of {@code deployment} whose topic lists this invoker: loads new and
     * changed functions, publishes the new routing table, then retires the functions it no
     * longer uses (each closes when its last running invocation returns). Called by the
     * management threads, one at a time.
     *
     * @throws IllegalArgumentException naming every workflow that cannot be served and why, or
     *                                  what the deployment changes that only a restart can; the
     *                                  previous configuration then stays in force
     */
    @Override
    public synchronized void configure(Deployment deployment) {
        Objects.requireNonNull(deployment, "deployment");
        if (closed) {
            throw new IllegalStateException("invoker " + id + " is closed");
        }
        List<String> changes = bindings.changesIn(deployment, id);
        if (!changes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", changes));
        }
        RouteTable previous = routes.get();
        RouteTable next = RouteTableLoader.load(deployment, id, bindings.levels().keySet(), previous, stats);
        reschedule(LevelChanges.between(bindings.levels(), deployment.levels(), bindings.levels().keySet()).rescheduled());
        routes.set(next);
        previous.droppedBy(next).forEach(LoadedFunction::retire);
        configuration = deployment;
        LOG.log(System.Logger.Level.INFO, () -> "invoker " + id + " serves " + next.routes().stream()
                .map(r -> r.workflow() + " (" + r.level() + ", " + r.function() + ")").toList());
    }

    @Override
    public Deployment configuration() {
        return configuration;
    }

    @Override
    public ComponentSnapshot stats() {
        return stats.snapshot();
    }

    /** Worker utilisation per level (see {@link WorkerUtilisation}) and the {@code $config} subscription's counts. */
    @Override
    public List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>(utilisation.gauges(bindings, configuration, stats));
        if (subscription != null) {
            gauges.addAll(subscription.gauges());
        }
        return gauges;
    }

    /**
     * Stops the management endpoint, then the workers (closing a socket wakes its blocked
     * workers, which then exit), then closes every function once no worker runs it.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (subscription != null) {
            subscription.close();
        }
        if (management != null) {
            management.close();
        }
        channels.forEach(ReceiveChannel::close);
        for (Thread thread : threads) {
            try {
                thread.join(WORKER_EXIT_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                // Its function has not returned; the function is closed when it does.
                LOG.log(System.Logger.Level.WARNING, "invoker " + id + ": " + thread.getName()
                        + " is still inside a function after " + WORKER_EXIT_WAIT_MS + " ms; leaving it behind");
            }
        }
        stats.close(); // writes out the event log
        synchronized (this) {
            routes.getAndSet(RouteTable.EMPTY).routes().forEach(r -> r.function().retire());
        }
        watchdog.close();
    }

    /** The workers, for tests that check their threads' scheduling. */
    List<LevelWorker> workers() {
        return List.copyOf(workers);
    }

    /** The management endpoint's port. */
    int managementPort() {
        return management.port();
    }

    private String describeLevels() {
        List<String> described = new ArrayList<>();
        int i = 0;
        for (QosLevel l : bindings.levels().values()) {
            described.add(listening.get(i++) + " (" + l.workers() + " worker(s), " + ThreadScheduling.describe(l) + ")");
        }
        return described.toString();
    }
}
