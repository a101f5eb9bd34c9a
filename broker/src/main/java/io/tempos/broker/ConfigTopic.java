package io.tempos.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.component.ConfigDocument;
import io.tempos.core.component.ConfigGate;
import io.tempos.core.component.ConfigRefusal;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.stats.Gauge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker's {@code $config} topic: it retains the newest deployment the controller published
 * (like an MQTT retained message) and hands it to every subscriber that asks for something
 * newer than it has, at once or as soon as it is published. With a state dir the retained
 * document is also written to {@value #FILE} there (temporary file, forced, renamed, directory
 * forced), so a restarted broker has it. Called on the management endpoint's virtual threads;
 * one lock guards the retained document, which only publishes change.
 */
final class ConfigTopic {

    static final String FILE = "config-topic.json";
    /** The longest a subscriber's request is held waiting for a newer document. */
    static final long MAX_WAIT_MS = 60_000;

    private static final System.Logger LOG = System.getLogger(ConfigTopic.class.getName());

    /** What became of a publish. */
    sealed interface Published {
        /** Retained (or the same document again). */
        record Retained(boolean repeated) implements Published {
        }

        /** Refused, counted; the retained document stays. {@code retainedVersion} is 0 when there is none. */
        record Refused(ConfigRefusal reason, String message, long retainedVersion) implements Published {
        }
    }

    private final String brokerId;
    private final Deployment own;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition newer = lock.newCondition();
    private final AtomicLong retainedCount = new AtomicLong();
    private final Map<ConfigRefusal, AtomicLong> refused = new EnumMap<>(ConfigRefusal.class);
    private ConfigDocument retained;

    private ConfigTopic(String brokerId, Deployment own, Path file) {
        this.brokerId = brokerId;
        this.own = own;
        this.file = file;
        for (ConfigRefusal reason : ConfigRefusal.values()) {
            refused.put(reason, new AtomicLong());
        }
    }

    /**
     * The topic of broker {@code brokerId} of {@code own}, with the document saved in
     * {@code stateDir} (created if needed) when there is one. A saved file that cannot be read,
     * or that holds another deployment, is moved aside as {@code config-topic.json.<time>.bad}
     * and logged: the controller publishes again, and the broker must start either way.
     *
     * @param stateDir null: the topic lives in memory only
     * @throws IOException when the state dir cannot be created
     */
    static ConfigTopic open(String brokerId, Deployment own, String stateDir) throws IOException {
        if (stateDir == null) {
            return new ConfigTopic(brokerId, own, null);
        }
        Path dir = Path.of(stateDir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("broker " + brokerId + ": cannot create its state dir " + dir + " (brokers." + brokerId
                    + ".state-dir): " + e, e);
        }
        ConfigTopic topic = new ConfigTopic(brokerId, own, dir.resolve(FILE));
        topic.load();
        return topic;
    }

    /** The retained document, or null. */
    ConfigDocument retained() {
        lock.lock();
        try {
            return retained;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the retained document, if any, to the broker itself through {@code gate}: a broker
     * restarted from its file runs the deployment it retained. A refusal is logged; the file's
     * configuration then stays.
     */
    void applyRetained(ConfigGate gate) {
        ConfigDocument document = retained();
        if (document == null) {
            return;
        }
        try {
            if (gate.offer(document.version(), document.deployment()) == ConfigGate.Offer.APPLIED) {
                LOG.log(System.Logger.Level.INFO, "broker " + brokerId + ": runs the retained " + ConfigDocument.TOPIC + " version "
                        + document.version() + " rather than its file's topics and workflows");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "broker " + brokerId + ": cannot run the retained " + ConfigDocument.TOPIC + " version "
                    + document.version() + " (" + e.getMessage() + "); running its file's configuration");
        }
    }

    /** Retains {@code json} as {@code version} when it is a deployment of this broker's and newer than the retained one. */
    Published publish(long version, String json) {
        Deployment published;
        try {
            published = new ConfigDocument(version, json).deployment();
        } catch (IllegalArgumentException e) {
            return refuse(ConfigRefusal.MALFORMED, e.getMessage(), retainedVersion());
        }
        String foreign = ConfigDocument.foreignReason(published, own, brokerId);
        if (foreign != null) {
            return refuse(ConfigRefusal.FOREIGN, foreign, retainedVersion());
        }
        lock.lock();
        try {
            long current = retained == null ? 0 : retained.version();
            if (version == current && retained.json().equals(json)) {
                return new Published.Retained(true);   // a retried publish
            }
            if (version <= current) {
                return refuse(ConfigRefusal.STALE, "version " + version + " is not newer than the retained version " + current, current);
            }
            ConfigDocument document = new ConfigDocument(version, json);
            if (file != null) {
                try {
                    save(document);
                } catch (IOException e) {
                    return refuse(ConfigRefusal.UNSAVED, "cannot save it in " + file + ": " + e, current);
                }
            }
            retained = document;
            retainedCount.incrementAndGet();
            newer.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.INFO, "broker " + brokerId + ": " + ConfigDocument.TOPIC + " retains version " + version
                + " (workflows " + published.workflows().keySet() + ")");
        return new Published.Retained(false);
    }

    /**
     * The retained document when it is newer than {@code after}, waiting up to {@code waitMs}
     * for one to be published; null when none came.
     */
    ConfigDocument awaitNewer(long after, long waitMs) throws InterruptedException {
        long leftNs = TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(waitMs, 0), MAX_WAIT_MS));
        lock.lockInterruptibly();
        try {
            while (retained == null || retained.version() <= after) {
                if (leftNs <= 0) {
                    return null;
                }
                leftNs = newer.awaitNanos(leftNs);
            }
            return retained;
        } finally {
            lock.unlock();
        }
    }

    long retainedVersion() {
        ConfigDocument document = retained();
        return document == null ? 0 : document.version();
    }

    List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>();
        String help = "Documents published on the broker's $config topic, by what became of them.";
        gauges.add(new Gauge("tempos_config_topic_publishes", help, Map.of("outcome", "retained"), retainedCount.get()));
        refused.forEach((reason, count) -> gauges.add(new Gauge("tempos_config_topic_publishes", help,
                Map.of("outcome", reason.label()), count.get())));
        gauges.add(new Gauge("tempos_config_topic_version", "Version of the retained $config document (0: none).", Map.of(),
                retainedVersion()));
        return gauges;
    }

    /** Counts of refused publishes by reason, for tests. */
    long refused(ConfigRefusal reason) {
        return refused.get(reason).get();
    }

    /** Refuses a publish that could not even be read (no version, too large). */
    Published refuseUnread(ConfigRefusal reason, String message) {
        return refuse(reason, message, retainedVersion());
    }

    private Published refuse(ConfigRefusal reason, String message, long retainedVersion) {
        refused.get(reason).incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "broker " + brokerId + ": refused a " + ConfigDocument.TOPIC + " publish ("
                + reason.label() + "): " + message + "; the retained version " + retainedVersion + " stays");
        return new Published.Refused(reason, message, retainedVersion);
    }

    /** {"format": 1, "version": …, "saved-at": …, "deployment": {…}}, atomically and durably. */
    private void save(ConfigDocument document) throws IOException {
        ObjectNode envelope = DeploymentJson.MAPPER.createObjectNode();
        envelope.put("format", 1);
        envelope.put("version", document.version());
        envelope.put("saved-at", Instant.now().toString());
        envelope.set("deployment", DeploymentJson.MAPPER.readTree(document.json()));
        byte[] bytes = DeploymentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);
        Path temporary = file.resolveSibling(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String problem;
        try {
            JsonNode envelope = DeploymentJson.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode deployment = envelope == null ? null : envelope.get("deployment");
            if (envelope == null || envelope.path("format").asInt() != 1 || !envelope.path("version").canConvertToLong()
                    || deployment == null || !deployment.isObject()) {
                problem = "not a saved " + ConfigDocument.TOPIC + " document of format 1";
            } else {
                ConfigDocument document = new ConfigDocument(envelope.path("version").asLong(), DeploymentJson.MAPPER.writeValueAsString(deployment));
                problem = ConfigDocument.foreignReason(document.deployment(), own, brokerId);
                if (problem == null) {
                    retained = document;
                    LOG.log(System.Logger.Level.INFO, "broker " + brokerId + ": " + ConfigDocument.TOPIC + " retains version "
                            + document.version() + " saved in " + file);
                    return;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            problem = e.getMessage();
        }
        Path aside = file.resolveSibling(FILE + "." + Instant.now().toString().replace(':', '-') + ".bad");
        Files.move(file, aside);
        LOG.log(System.Logger.Level.ERROR, "broker " + brokerId + ": the saved " + ConfigDocument.TOPIC + " document in " + file
                + " cannot be used (" + problem + "); moved to " + aside + ", starting with none: the controller publishes again");
    }
}
