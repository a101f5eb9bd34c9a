package io.tempos.core.component;

import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.Gauge;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A component's subscription to the {@code $config} topic of every broker of its deployment:
 * how a trigger or invoker that restarts from its file gets the deployment the controller last
 * published, with no controller involved.
 *
 * <p>{@link #start} first catches up — one request per broker for the document it retains,
 * applied before the component serves — then follows: one virtual thread per broker long-polls
 * {@code GET /topics/$config?after=<version in force>&wait-ms=…}, which the broker answers
 * with the first document newer than that version, or 204 when none came in the wait. Each
 * document goes through the component's {@link ConfigGate}, so a document never undoes a newer
 * push. A document that is oversized, malformed, of another deployment, stale, or refused by
 * the component is counted with its {@link ConfigRefusal} and logged; the configuration in force
 * stays. A broker that does not answer is retried, 100 ms doubling to 2 s.
 */
public final class ConfigSubscription implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConfigSubscription.class.getName());
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long the start-up catch-up waits for each broker's answer: generous, for a broker that
     * answers slowly (a loaded box, a JVM still warming up); a broker that is down refuses the
     * connection at once, or costs {@link #CONNECT_TIMEOUT}.
     */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(5);
    /** How long one long poll asks the broker to hold the request; the broker caps it. */
    static final long POLL_WAIT_MS = 25_000;
    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 2_000;

    private final Deployment own;
    private final ConfigGate gate;
    private final String who;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final Map<ConfigRefusal, AtomicLong> refusals = new EnumMap<>(ConfigRefusal.class);
    private final List<Thread> followers = new ArrayList<>();
    private volatile boolean closed;

    /** What one request to a broker brought. */
    private sealed interface Fetched {
        /** A document: its version and bytes, not checked yet. */
        record Document(long version, byte[] body) implements Fetched {
        }

        /** No document newer than asked. */
        record Nothing() implements Fetched {
        }

        /** Counted and logged already; {@code version} is the refused document's, or 0 when unknown. */
        record Refused(long version) implements Fetched {
        }

        /** No answer, or one outside the protocol. */
        record Failed(String reason) implements Fetched {
        }
    }

    private ConfigSubscription(Deployment own, ConfigGate gate) {
        this.own = own;
        this.gate = gate;
        this.who = "component " + gate.componentId();
        for (ConfigRefusal refusal : ConfigRefusal.values()) {
            refusals.put(refusal, new AtomicLong());
        }
    }

    /**
     * Catches up with the brokers' {@code $config} topic, then follows it in the background.
     * Returns once every broker answered the catch-up or could not be reached within a few
     * seconds: a component whose broker is down starts with its file's configuration and takes
     * the topic's document when the broker comes.
     *
     * @param own the deployment the component was started with: documents must be of the same
     *            deployment and leave the component's own settings alone
     */
    public static ConfigSubscription start(Component component, Deployment own) {
        ConfigSubscription subscription = new ConfigSubscription(own, new ConfigGate(component));
        subscription.catchUp();
        for (BrokerSpec broker : own.brokers().values()) {
            subscription.followers.add(Thread.ofVirtual().name("config-" + component.id() + "-" + broker.id())
                    .start(() -> subscription.follow(broker)));
        }
        return subscription;
    }

    /** The gate every configuration of the component goes through; hand it to its {@link ManagementServer}. */
    public ConfigGate gate() {
        return gate;
    }

    /** Documents applied from the topic (a changed deployment). */
    public long applied() {
        return applied.get();
    }

    /** Refused documents by reason ({@link ConfigRefusal#label()}), every reason present. */
    public Map<String, Long> refusals() {
        Map<String, Long> counts = new LinkedHashMap<>();
        refusals.forEach((reason, count) -> counts.put(reason.label(), count.get()));
        return counts;
    }

    /** The counts as Prometheus gauges, for the component's {@code GET /metrics}. */
    public List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>();
        String help = "Documents of the brokers' $config topic, by what became of them.";
        gauges.add(new Gauge("tempos_config_documents", help, Map.of("outcome", "applied"), applied.get()));
        gauges.add(new Gauge("tempos_config_documents", help, Map.of("outcome", "unchanged"), unchanged.get()));
        refusals.forEach((reason, count) -> gauges.add(new Gauge("tempos_config_documents", help,
                Map.of("outcome", reason.label()), count.get())));
        gauges.add(new Gauge("tempos_config_version", "Version of the configuration in force (0: the file's).", Map.of(), gate.version()));
        return gauges;
    }

    @Override
    public void close() {
        closed = true;
        followers.forEach(Thread::interrupt);
        http.shutdownNow();
    }

    private void catchUp() {
        List<String> unreachable = new ArrayList<>();
        for (BrokerSpec broker : own.brokers().values()) {
            try {
                Fetched fetched = fetch(broker, gate.version(), 0, CATCH_UP_TIMEOUT);
                switch (fetched) {
                    case Fetched.Document d -> take(broker, d);
                    case Fetched.Failed(String reason) -> unreachable.add(broker.id() + " (" + reason + ")");
                    case Fetched.Nothing n -> {
                    }
                    case Fetched.Refused r -> {
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!unreachable.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, who + ": no " + ConfigDocument.TOPIC + " document from broker(s) " + unreachable
                    + " at start; running the configuration it has and following the topic in the background");
        } else if (gate.version() == 0) {
            LOG.log(System.Logger.Level.DEBUG, who + ": no broker retains a " + ConfigDocument.TOPIC + " document yet");
        }
    }

    /** One broker's follower: long polls until closed. */
    private void follow(BrokerSpec broker) {
        long pauseMs = FIRST_PAUSE_MS;
        long refusedUpTo = 0;   // a refused document is not asked for again
        String lastFailure = null;
        while (!closed) {
            try {
                Fetched fetched = fetch(broker, Math.max(gate.version(), refusedUpTo), POLL_WAIT_MS,
                        Duration.ofMillis(POLL_WAIT_MS).plusSeconds(5));
                switch (fetched) {
                    case Fetched.Document d -> {
                        if (!take(broker, d)) {
                            refusedUpTo = Math.max(refusedUpTo, d.version());
                        }
                        pauseMs = FIRST_PAUSE_MS;
                        lastFailure = null;
                    }
                    case Fetched.Nothing n -> {
                        pauseMs = FIRST_PAUSE_MS;
                        lastFailure = null;
                    }
                    case Fetched.Refused(long version) -> {
                        // The broker broke the protocol: do not ask again at once.
                        refusedUpTo = Math.max(refusedUpTo, version);
                        Thread.sleep(pauseMs);
                        pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
                    }
                    case Fetched.Failed(String reason) -> {
                        if (closed) {
                            return;
                        }
                        if (!reason.equals(lastFailure)) {
                            LOG.log(System.Logger.Level.INFO, who + ": broker " + broker.id() + "'s " + ConfigDocument.TOPIC
                                    + " not reachable (" + reason + "); retrying every " + MAX_PAUSE_MS + " ms at most");
                            lastFailure = reason;
                        }
                        Thread.sleep(pauseMs);
                        pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A bug must not end the subscription silently.
                LOG.log(System.Logger.Level.ERROR, who + ": following broker " + broker.id() + "'s " + ConfigDocument.TOPIC + " failed", e);
                try {
                    Thread.sleep(MAX_PAUSE_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Checks and offers one document; false when it was refused (counted and logged). */
    private boolean take(BrokerSpec broker, Fetched.Document d) {
        String from = "broker " + broker.id();
        Deployment published;
        try {
            published = new ConfigDocument(d.version(), new String(d.body(), StandardCharsets.UTF_8)).deployment();
        } catch (IllegalArgumentException e) {
            return refuse(ConfigRefusal.MALFORMED, from, d.version(), e.getMessage());
        }
        String foreign = ConfigDocument.foreignReason(published, own, gate.componentId());
        if (foreign != null) {
            return refuse(ConfigRefusal.FOREIGN, from, d.version(), foreign);
        }
        try {
            switch (gate.offer(d.version(), published)) {
                case APPLIED -> {
                    applied.incrementAndGet();
                    LOG.log(System.Logger.Level.INFO, who + ": applied " + ConfigDocument.TOPIC + " version " + d.version() + " from "
                            + from + " (workflows " + published.workflows().keySet() + ")");
                }
                case UNCHANGED -> unchanged.incrementAndGet();
                case STALE -> {
                    return refuse(ConfigRefusal.STALE, from, d.version(), "version " + d.version() + " is not newer than "
                            + gate.version() + ", in force");
                }
            }
            return true;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refuse(ConfigRefusal.REFUSED, from, d.version(), e.getMessage());
        }
    }

    private boolean refuse(ConfigRefusal reason, String from, long version, String why) {
        refusals.get(reason).incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, who + ": refused " + ConfigDocument.TOPIC + " document" + (version > 0 ? " version " + version : "")
                + " from " + from + " (" + reason.label() + "): " + why + "; the configuration in force (version " + gate.version() + ") stays");
        return false;
    }

    private Fetched fetch(BrokerSpec broker, long after, long waitMs, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(broker, after, waitMs)).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            return new Fetched.Failed("connection refused");
        } catch (IOException e) {
            return new Fetched.Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        String from = "broker " + broker.id();
        try (InputStream body = response.body()) {
            if (response.statusCode() == 204) {
                return new Fetched.Nothing();
            }
            if (response.statusCode() != 200) {
                byte[] text = body.readNBytes(500);
                return new Fetched.Failed("answered HTTP " + response.statusCode() + ": " + new String(text, StandardCharsets.UTF_8));
            }
            long version;
            try {
                version = ConfigDocument.parseVersion(response.headers().firstValue(ConfigDocument.VERSION_HEADER).orElse(null));
            } catch (IllegalArgumentException e) {
                refuse(ConfigRefusal.MALFORMED, from, 0, e.getMessage());
                return new Fetched.Refused(0);
            }
            if (version <= after) {
                // A well-behaved broker never answers this: it would undo what is in force.
                refuse(ConfigRefusal.STALE, from, version, "version " + version + " is not newer than " + after + ", asked for");
                return new Fetched.Refused(version);
            }
            byte[] bytes = body.readNBytes(ConfigDocument.MAX_BYTES + 1);
            if (bytes.length > ConfigDocument.MAX_BYTES) {
                refuse(ConfigRefusal.OVERSIZED, from, version, "larger than " + ConfigDocument.MAX_BYTES + " bytes");
                return new Fetched.Refused(version);
            }
            return new Fetched.Document(version, bytes);
        } catch (IOException e) {
            return new Fetched.Failed("reading the answer: " + e.getMessage());
        }
    }

    private static URI uri(BrokerSpec broker, long after, long waitMs) {
        try {
            return new URI("http", null, broker.host(), broker.managementPort(), ConfigDocument.PATH,
                    "after=" + after + "&wait-ms=" + waitMs, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("host '" + broker.host() + "' of broker " + broker.id() + " is not a valid host", e);
        }
    }
}
