package io.tempos.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.tempos.core.event.EventFrame;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        root.rejectUnknownKeys(Set.of("name", "controller", "levels", "brokers", "triggers", "invokers", "topics", "workflows"));
        String name = root.string("name", "tempos");
        ControllerSpec controller = controller(root.table("controller", false), base);
        Map<String, QosLevel> levels = new LinkedHashMap<>();
        levels.put(QosLevel.STRICT, QosLevel.strict());
        levels.put(QosLevel.BEST_EFFORT, QosLevel.bestEffort());
        levels.putAll(root.entries("levels", (levelName, table) ->
                level(levelName, table, levels.getOrDefault(levelName, QosLevel.bestEffort()))));
        return new Deployment(name, controller, levels,
                root.entries("brokers", ConfigLoader::broker),
                root.entries("triggers", ConfigLoader::trigger),
                root.entries("invokers", ConfigLoader::invoker),
                root.entries("topics", ConfigLoader::topic),
                root.entries("workflows", (workflowName, table) -> workflow(workflowName, table, base)));
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

    private static QosLevel level(String name, TableReader t, QosLevel defaults) {
        t.rejectUnknownKeys(Set.of("channel", "socket-priority", "thread-policy", "thread-priority", "cpus",
                "queue-capacity", "overflow", "wait", "workers"));
        SchedPolicy policy = t.enumValue("thread-policy", SchedPolicy.class, defaults.threadPolicy());
        int priority = policy.isRealTime()
                ? t.integer("thread-priority", 1, 99, defaults.threadPolicy().isRealTime() ? defaults.threadPriority() : 50)
                : t.integer("thread-priority", -20, 19, defaults.threadPolicy().isRealTime() ? 0 : defaults.threadPriority());
        int cpuCount = Runtime.getRuntime().availableProcessors();
        return new QosLevel(name,
                t.string("channel", defaults.channel()),
                t.integer("socket-priority", 0, 6, defaults.socketPriority()),
                policy,
                priority,
                t.integers("cpus", 0, Math.max(0, cpuCount - 1), defaults.cpus()),
                t.integer("queue-capacity", 1, 1 << 20, defaults.queueCapacity()),
                t.enumValue("overflow", OverflowPolicy.class, defaults.overflow()),
                t.enumValue("wait", WaitStrategy.class, defaults.waitStrategy()),
                t.integer("workers", 1, 64, defaults.workers()));
    }

    private static BrokerSpec broker(String id, TableReader t) {
        t.rejectUnknownKeys(Set.of("host", "management-port", "ports"));
        return new BrokerSpec(id, t.string("host", "127.0.0.1"), t.integer("management-port", 1, 65_535, null), t.ports("ports"));
    }

    private static TriggerSpec trigger(String id, TableReader t) {
        t.rejectUnknownKeys(Set.of("host", "management-port", "broker", "udp-ports", "http-ports", "max-payload-bytes"));
        int maxPayload = EventFrame.MAX_DATAGRAM_BYTES - EventFrame.HEADER_BYTES - 2 * 255;
        return new TriggerSpec(id, t.string("host", "127.0.0.1"), t.integer("management-port", 1, 65_535, null),
                t.string("broker", null), t.ports("udp-ports"), t.ports("http-ports"),
                t.integer("max-payload-bytes", 1, maxPayload, 16_384));
    }

    private static InvokerSpec invoker(String id, TableReader t) {
        t.rejectUnknownKeys(Set.of("host", "management-port", "ports"));
        return new InvokerSpec(id, t.string("host", "127.0.0.1"), t.integer("management-port", 1, 65_535, null), t.ports("ports"));
    }

    private static TopicSpec topic(String name, TableReader t) {
        t.rejectUnknownKeys(Set.of("level", "subscribers"));
        return new TopicSpec(name, t.string("level", null), t.strings("subscribers"));
    }

    private static WorkflowSpec workflow(String name, TableReader t, Path base) {
        t.rejectUnknownKeys(Set.of("level", "topic", "method", "artifact", "entry", "mode", "timeout-ms"));
        InvocationMethod method = t.enumValue("method", InvocationMethod.class, null);
        String artifact = t.string("artifact", null);
        String resolved = artifact == null ? null : base.resolve(artifact).normalize().toString();
        String mode = t.string("mode", "warm");
        if (!mode.equals("warm") && !mode.equals("cold")) {
            t.problem("mode", "'" + mode + "' is not one of warm, cold");
        }
        // A missing jvm entry is the validator's to report, in the words it uses for the controller.
        String entry = t.has("entry") ? t.string("entry", null) : method == InvocationMethod.DLF ? "tempos_main" : null;
        FunctionSpec function = new FunctionSpec(method, resolved, entry, !mode.equals("cold"),
                t.integer("timeout-ms", 1, 3_600_000, 10_000));
        return new WorkflowSpec(name, t.string("level", null), t.string("topic", null), function);
    }
}
