package io.tempos.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.tempos.core.event.EventFrame;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.TsnSlot;
import io.tempos.core.qos.WaitStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a deployment from its TOML file: parses it, reads every table into the model and
 * validates the whole, then returns the model or throws one {@link ConfigException} that lists
 * every problem with its key path. Pure: it opens no socket and starts no thread.
 * The keys are documented in {@code examples/hotel/tempos.toml}.
 */
public final class ConfigLoader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final TomlMapper TOML = new TomlMapper();

    private ConfigLoader() {
    }

    public static Deployment load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /**
     * Parses TOML text; relative function artifact paths resolve against {@code base}.
     *
     * @param source names the text in error messages (usually the file name)
     */
    public static Deployment parse(String text, String source, Path base) throws ConfigException {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(source, List.of("not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")));
        }
        List<String> problems = new ArrayList<>();
        Deployment deployment = read(new TableReader(root, "", problems), base);
        // The validator re-checks what the controller can change alone (e.g. workflow names),
        // which reading may have reported already.
        DeploymentValidator.validate(deployment).stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return deployment;
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    private static Deployment read(TableReader root, Path base) {
        root.rejectUnknownKeys(Set.of("name", "controller", "levels", "brokers", "triggers", "invokers", "topics", "workflows", "tsn"));
        String name = root.string("name", "tempos");
        ControllerSpec controller = controller(root.table("controller", false), base);
        Map<String, QosLevel> levels = new LinkedHashMap<>();
        levels.put(QosLevel.STRICT, QosLevel.strict());
        levels.put(QosLevel.BEST_EFFORT, QosLevel.bestEffort());
        levels.putAll(root.entries("levels", (levelName, table) ->
                level(levelName, table, levels.getOrDefault(levelName, QosLevel.bestEffort()))));
        Map<String, BrokerSpec> brokers = root.entries("brokers", (id, table) -> broker(id, table, base));
        Map<String, TriggerSpec> triggers = root.entries("triggers", ConfigLoader::trigger);
        Map<String, InvokerSpec> invokers = root.entries("invokers", ConfigLoader::invoker);
        Map<String, TopicSpec> topics = root.entries("topics", ConfigLoader::topic);
        Map<String, WorkflowSpec> workflows = root.entries("workflows", (workflowName, table) ->
                workflow(workflowName, table, base, levels.keySet(), topics.keySet()));
        return new Deployment(name, controller, levels, brokers, triggers, invokers, topics, workflows, tsn(root.table("tsn", false)));
    }

    /** Longest TSN cycle accepted: one second. */
    static final int MAX_CYCLE_US = 1_000_000;

    private static TsnSpec tsn(TableReader t) {
        if (t == null) {
            return null;
        }
        t.rejectUnknownKeys(Set.of("interface", "cycle-us", "base-time-ns", "etf-delta-us", "etf-level"));
        String etfLevel = t.has("etf-level") ? t.string("etf-level", null) : null;
        if ("none".equals(etfLevel)) {
            etfLevel = null;
        }
        return new TsnSpec(t.string("interface", null), t.integer("cycle-us", 1, MAX_CYCLE_US, 1000),
                t.longInteger("base-time-ns", 0, Long.MAX_VALUE, 0), t.integer("etf-delta-us", 1, MAX_CYCLE_US, 200), etfLevel);
    }

    private static TsnSlot tsnSlot(TableReader level, TsnSlot fallback) {
        TableReader t = level.table("tsn-slot", false);
        if (t == null) {
            return fallback;
        }
        t.rejectUnknownKeys(Set.of("offset-us", "length-us"));
        return new TsnSlot(t.integer("offset-us", 0, MAX_CYCLE_US - 1, 0), t.integer("length-us", 1, MAX_CYCLE_US, null));
    }

    private static ControllerSpec controller(TableReader t, Path base) {
        String defaultStateDir = base.resolve(ControllerSpec.DEFAULT_STATE_DIR).normalize().toString();
        if (t == null) {
            return new ControllerSpec("127.0.0.1", 7400, defaultStateDir, null);
        }
        t.rejectUnknownKeys(Set.of("host", "port", "state-dir", "token-file"));
        // Existence is not checked here: components on other hosts load the same file and
        // have neither; the controller checks both when it starts.
        String stateDir = t.path("state-dir", base, ControllerSpec.DEFAULT_STATE_DIR);
        String tokenFile = t.path("token-file", base, null);
        return new ControllerSpec(t.string("host", "127.0.0.1"), t.integer("port", 1, 65_535, 7400), stateDir, tokenFile);
    }

    /**
     * Reads a change to the level {@code current} — the controller's JSON body with some keys of
     * a {@code [levels.<name>]} table — with the file's keys, bounds and messages; the keys left
     * out keep their current values. Problems are added as {@code "<key>: <what is wrong>"}.
     */
    public static QosLevel readLevelChange(QosLevel current, JsonNode table, List<String> problems) {
        return level(current.name(), new TableReader(table, "", problems), current);
    }

    private static QosLevel level(String name, TableReader t, QosLevel defaults) {
        t.rejectUnknownKeys(Set.of("channel", "socket-priority", "thread-policy", "thread-priority", "cpus",
                "queue-capacity", "overflow", "wait", "workers", "busy-poll-us", "max-wait-ms", "boost-priority", "tsn-slot"));
        SchedPolicy policy = t.enumValue("thread-policy", SchedPolicy.class, defaults.threadPolicy());
        int priority = policy.isRealTime()
                ? t.integer("thread-priority", 1, 99, defaults.threadPolicy().isRealTime() ? defaults.threadPriority() : 50)
                : t.integer("thread-priority", -20, 19, defaults.threadPolicy().isRealTime() ? 0 : defaults.threadPriority());
        int cpuCount = Runtime.getRuntime().availableProcessors();
        return new QosLevel(name,
                t.string("channel", defaults.channel()),
                t.unsigned32("socket-priority", defaults.socketPriority()),
                policy,
                priority,
                t.integers("cpus", 0, Math.max(0, cpuCount - 1), defaults.cpus()),
                t.integer("queue-capacity", 1, 1 << 20, defaults.queueCapacity()),
                t.enumValue("overflow", OverflowPolicy.class, defaults.overflow()),
                t.enumValue("wait", WaitStrategy.class, defaults.waitStrategy()),
                t.integer("workers", 1, 64, defaults.workers()),
                t.integer("busy-poll-us", 0, 1_000_000, defaults.busyPollUs()),
                t.integer("max-wait-ms", 0, 60_000, defaults.maxWaitMs()),
                t.integer("boost-priority", 1, 99, defaults.boostPriority()),
                tsnSlot(t, defaults.tsnSlot()));
    }

    private static BrokerSpec broker(String id, TableReader t, Path base) {
        t.rejectUnknownKeys(Set.of("host", "management-port", "ports", "socket-paths", "health-interval-ms", "state-dir"));
        Map<String, String> socketPaths = socketPaths(t);
        return new BrokerSpec(id, t.string("host", "127.0.0.1"), t.integer("management-port", 1, 65_535, null),
                levelPorts(t, socketPaths), t.integer("health-interval-ms", 0, 60_000, BrokerSpec.DEFAULT_HEALTH_INTERVAL_MS), socketPaths,
                t.has("state-dir") ? t.path("state-dir", base, null) : null);
    }

    private static TriggerSpec trigger(String id, TableReader t) {
        t.rejectUnknownKeys(Set.of("host", "management-port", "broker", "udp-ports", "http-ports", "uds-paths",
                "max-payload-bytes", "rate-limit-per-s", "source-rate-limit-per-s", "placement", "mqtt", "nats"));
        int maxPayload = EventFrame.MAX_DATAGRAM_BYTES - EventFrame.HEADER_BYTES - 2 * 255;
        Map<String, String> udsPaths = t.stringsByLevel("uds-paths");
        udsPaths.forEach((level, path) -> {
            if (!path.startsWith("/")) {
                t.problem("uds-paths." + level, "'" + path + "' must be an absolute path, e.g. /run/tempos/" + level + ".sock");
            }
        });
        TableReader mqtt = t.table("mqtt", false);
        TableReader nats = t.table("nats", false);
        return new TriggerSpec(id, t.string("host", "127.0.0.1"), t.integer("management-port", 1, 65_535, null),
                t.string("broker", null), t.ports("udp-ports"), t.ports("http-ports"), udsPaths,
                t.integer("max-payload-bytes", 1, maxPayload, 16_384),
                t.integer("rate-limit-per-s", 0, 10_000_000, 0),
                t.integer("source-rate-limit-per-s", 0, 10_000_000, 0),
                t.enumValue("placement", TriggerPlacement.class, TriggerPlacement.STANDALONE),
                mqtt == null ? null : mqtt(id, mqtt),
                nats == null ? null : nats(nats));
    }

    private static MqttBridgeSpec mqtt(String triggerId, TableReader t) {
        t.rejectUnknownKeys(Set.of("url", "client-id", "retry-max-ms", "subscriptions"));
        String url = t.string("url", null);
        String urlProblem = url == null ? null : TopicFilters.urlProblem(url, List.of("tcp", "ssl"));
        if (urlProblem != null) {
            t.problem("url", urlProblem);
        }
        List<MqttBridgeSpec.Subscription> subscriptions = new ArrayList<>();
        for (TableReader s : t.tables("subscriptions")) {
            s.rejectUnknownKeys(Set.of("topic", "workflow", "qos"));
            String topic = s.string("topic", null);
            String problem = topic == null ? null : TopicFilters.mqttFilterProblem(topic);
            if (problem != null) {
                s.problem("topic", "'" + topic + "' " + problem);
            }
            subscriptions.add(new MqttBridgeSpec.Subscription(topic, s.string("workflow", null), s.integer("qos", 0, 2, 1)));
        }
        if (subscriptions.isEmpty()) {
            t.problem("subscriptions", "at least one subscription is required, e.g. "
                    + "subscriptions = [ { topic = \"hotel/doors/+\", workflow = \"door-lock\", qos = 1 } ]");
        }
        return new MqttBridgeSpec(url, t.string("client-id", "tempos-" + triggerId),
                t.integer("retry-max-ms", 100, 600_000, 5_000), subscriptions);
    }

    private static NatsBridgeSpec nats(TableReader t) {
        t.rejectUnknownKeys(Set.of("url", "retry-max-ms", "subscriptions"));
        String url = t.string("url", null);
        String urlProblem = url == null ? null : TopicFilters.urlProblem(url, List.of("nats", "tls"));
        if (urlProblem != null) {
            t.problem("url", urlProblem);
        }
        List<NatsBridgeSpec.Subscription> subscriptions = new ArrayList<>();
        for (TableReader s : t.tables("subscriptions")) {
            s.rejectUnknownKeys(Set.of("subject", "workflow", "queue"));
            String subject = s.string("subject", null);
            String problem = subject == null ? null : TopicFilters.natsSubjectProblem(subject);
            if (problem != null) {
                s.problem("subject", "'" + subject + "' " + problem);
            }
            subscriptions.add(new NatsBridgeSpec.Subscription(subject, s.string("workflow", null), s.string("queue", "")));
        }
        if (subscriptions.isEmpty()) {
            t.problem("subscriptions", "at least one subscription is required, e.g. "
                    + "subscriptions = [ { subject = \"hotel.doors.*\", workflow = \"door-lock\" } ]");
        }
        return new NatsBridgeSpec(url, t.integer("retry-max-ms", 100, 600_000, 5_000), subscriptions);
    }

    private static InvokerSpec invoker(String id, TableReader t) {
        t.rejectUnknownKeys(Set.of("host", "management-port", "ports", "socket-paths"));
        Map<String, String> socketPaths = socketPaths(t);
        return new InvokerSpec(id, t.string("host", "127.0.0.1"), t.integer("management-port", 1, 65_535, null),
                levelPorts(t, socketPaths), socketPaths);
    }

    /**
     * A component's {@code socket-paths}: the Unix socket per level whose channel listens on a path
     * ({@code uds}), absolute.
     */
    private static Map<String, String> socketPaths(TableReader t) {
        Map<String, String> paths = t.stringsByLevel("socket-paths");
        paths.forEach((level, path) -> {
            if (!path.startsWith("/")) {
                t.problem("socket-paths." + level, "'" + path + "' must be an absolute path, e.g. /run/tempos/" + level + ".sock");
            }
        });
        return paths;
    }

    /** A component's {@code ports}, required unless it has socket paths (a component whose levels all go over uds). */
    private static Map<String, Integer> levelPorts(TableReader t, Map<String, String> socketPaths) {
        if (!socketPaths.isEmpty() && !t.has("ports")) {
            return Map.of();
        }
        Map<String, Integer> ports = t.ports("ports");
        ports.keySet().stream().filter(socketPaths::containsKey).forEach(level -> t.problem("socket-paths." + level,
                "level '" + level + "' has a port in ports too; give a level a port (udp, tcp, tsn) or a socket path (uds), not both"));
        return ports;
    }

    private static TopicSpec topic(String name, TableReader t) {
        t.rejectUnknownKeys(Set.of("level", "subscribers", "groups"));
        List<SubscriptionGroup> groups = new ArrayList<>();
        for (TableReader g : t.tableArray("groups")) {
            g.rejectUnknownKeys(Set.of("name", "members", "policy"));
            String groupName = g.string("name", null);
            if (groupName != null && !isValidName(groupName)) {
                g.problem("name", "invalid name '" + groupName + "': use 1..64 letters, digits, '-' or '_'");
            }
            List<String> members = g.strings("members");   // empty or missing: the validator says so
            groups.add(new SubscriptionGroup(groupName, members, g.enumValue("policy", GroupPolicy.class, GroupPolicy.ROUND_ROBIN)));
        }
        return new TopicSpec(name, t.string("level", null), t.strings("subscribers"), groups);
    }

    /** The keys of a {@code [workflows.<name>]} table. */
    public static final Set<String> WORKFLOW_KEYS = Set.of("level", "topic", "method", "artifact", "entry", "mode", "timeout-ms",
            "args", "isolation", "container-image", "max-memory-mb", "max-cpu-seconds", "max-open-files");

    /**
     * Reads one workflow table — a {@code [workflows.<name>]} table of the file, or the
     * controller's JSON body with the same keys — with the file's keys, defaults and bounds.
     * Every problem is added to {@code problems} as {@code "<key>: <what is wrong>"}, the key
     * relative to the table; the checks against the rest of a deployment (does the topic exist,
     * does the file, does the isolation fit the method) are
     * {@link DeploymentValidator#validateWorkflow}'s.
     *
     * @param table  the table's keys and values (TOML or JSON, parsed by Jackson)
     * @param base   relative artifact paths resolve against it
     * @param levels the deployment's levels, named when {@code level} is missing
     * @param topics the deployment's topics, named when {@code topic} is missing
     * @return the workflow, with fields left null (or at their default) where the table was wrong
     */
    public static WorkflowSpec readWorkflow(String name, JsonNode table, Path base, Collection<String> levels,
                                            Collection<String> topics, List<String> problems) {
        return workflow(name, new TableReader(table, "", problems), base, levels, topics);
    }

    private static WorkflowSpec workflow(String name, TableReader t, Path base, Collection<String> levels, Collection<String> topics) {
        t.rejectUnknownKeys(WORKFLOW_KEYS);
        String level = requiredName(t, "level", levels);
        String topic = requiredName(t, "topic", topics);
        InvocationMethod method = t.has("method") ? t.enumValue("method", InvocationMethod.class, null) : null;
        if (!t.has("method")) {
            t.problem("method", "missing; one of " + String.join(", ", Arrays.stream(InvocationMethod.values()).map(InvocationMethod::label).toList()));
        }
        String artifact = t.string("artifact", null);
        String resolved = null;
        if (artifact != null) {
            try {
                resolved = base.resolve(artifact).normalize().toString();
            } catch (InvalidPathException e) {
                t.problem("artifact", "'" + artifact + "' is not a valid path: " + e.getReason());
            }
        }
        boolean warmByDefault = method == null || method.warmByDefault();
        String mode = t.string("mode", warmByDefault ? "warm" : "cold");
        if (!mode.equals("warm") && !mode.equals("cold")) {
            t.problem("mode", "'" + mode + "' is not one of warm, cold");
            mode = warmByDefault ? "warm" : "cold";
        }
        // A missing jvm entry is the validator's to report, in the words it uses for the controller.
        String entry = t.has("entry") ? t.string("entry", null)
                : method == InvocationMethod.DLF || method == InvocationMethod.WASMF ? "tempos_main" : null;
        Isolation isolation = t.has("isolation") ? t.enumValue("isolation", Isolation.class, null) : null;
        ProcessLimits limits = new ProcessLimits(
                t.integer("max-memory-mb", 1, 1 << 20, 0),
                t.integer("max-cpu-seconds", 1, 86_400, 0),
                t.integer("max-open-files", 1, 1 << 20, 0));
        FunctionSpec function = new FunctionSpec(method, resolved, entry, mode.equals("warm"),
                t.integer("timeout-ms", 1, 3_600_000, 10_000), t.strings("args"), isolation,
                t.has("container-image") ? t.string("container-image", null) : null, limits);
        return new WorkflowSpec(name, level, topic, function);
    }

    /** A required reference to one of {@code known}; when missing, the problem lists them. */
    private static String requiredName(TableReader t, String key, Collection<String> known) {
        if (!t.has(key) && !known.isEmpty()) {
            t.problem(key, "missing; one of " + known);
            return null;
        }
        return t.string(key, null);
    }
}
