package io.tempos.core.config;


import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.TsnSlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that span tables: references between components, topics, workflows and levels,
 * and port clashes. Used on a loaded file and on every change the controller accepts.
 */
public final class DeploymentValidator {

    /** 65,536 pages of 64 KiB: all that a 32-bit wasm memory can address. */
    static final long WASM_MAX_MEMORY_MB = 4096;

    private DeploymentValidator() {
    }

    /**
     * Every problem of {@code d}, each naming its key path; empty when it can run. What the
     * levels' channel adapters can honour is checked where the adapters are installed, when a
     * component starts ({@link io.tempos.core.channel.ChannelPlan}).
     */
    public static List<String> validate(Deployment d) {
        List<String> problems = new ArrayList<>();
        if (d.brokers().isEmpty()) {
            problems.add("brokers: at least one broker is required, e.g. [brokers.mom]");
        }
        Map<String, String> portOwners = new HashMap<>();
        Map<String, String> socketOwners = new HashMap<>();
        claim(portOwners, problems, d.controller().host(), d.controller().port(), "controller.port");
        d.brokers().values().forEach(b -> {
            claim(portOwners, problems, b.host(), b.managementPort(), "brokers." + b.id() + ".management-port");
            levelPorts(d, problems, b.host(), b.ports(), "brokers." + b.id() + ".ports", portOwners);
            socketPaths(d, problems, b.socketPaths(), "brokers." + b.id() + ".socket-paths", socketOwners);
        });
        d.triggers().values().forEach(t -> {
            claim(portOwners, problems, t.host(), t.managementPort(), "triggers." + t.id() + ".management-port");
            if (t.broker() != null && !d.brokers().containsKey(t.broker())) {
                problems.add("triggers." + t.id() + ".broker: no broker named '" + t.broker() + "'; brokers: " + d.brokers().keySet());
            }
            levelPorts(d, problems, t.host(), t.udpPorts(), "triggers." + t.id() + ".udp-ports", portOwners);
            levelPorts(d, problems, t.host(), t.httpPorts(), "triggers." + t.id() + ".http-ports", portOwners);
            t.udsPaths().forEach((level, socket) -> {
                String path = "triggers." + t.id() + ".uds-paths." + level;
                if (!d.levels().containsKey(level)) {
                    problems.add(path + ": no level named '" + level + "'; levels: " + d.levels().keySet());
                }
                String previous = socketOwners.putIfAbsent(socket, path);
                if (previous != null) {
                    problems.add(path + ": socket " + socket + " is already used by " + previous);
                }
            });
            if (t.mqtt() != null) {
                for (int i = 0; i < t.mqtt().subscriptions().size(); i++) {
                    subscribedWorkflow(d, problems, t.mqtt().subscriptions().get(i).workflow(),
                            "triggers." + t.id() + ".mqtt.subscriptions[" + i + "].workflow");
                }
            }
            if (t.nats() != null) {
                for (int i = 0; i < t.nats().subscriptions().size(); i++) {
                    subscribedWorkflow(d, problems, t.nats().subscriptions().get(i).workflow(),
                            "triggers." + t.id() + ".nats.subscriptions[" + i + "].workflow");
                }
            }
        });
        d.invokers().values().forEach(i -> {
            claim(portOwners, problems, i.host(), i.managementPort(), "invokers." + i.id() + ".management-port");
            levelPorts(d, problems, i.host(), i.ports(), "invokers." + i.id() + ".ports", portOwners);
            socketPaths(d, problems, i.socketPaths(), "invokers." + i.id() + ".socket-paths", socketOwners);
        });
        d.topics().values().forEach(t -> problems.addAll(validateTopic(d, t)));
        d.workflows().values().forEach(w -> problems.addAll(validateWorkflow(d, w)));
        problems.addAll(validateTsn(d));
        return problems;
    }

    /** The problems of one topic and its subscription groups against the rest of {@code d}. */
    public static List<String> validateTopic(Deployment d, TopicSpec t) {
        List<String> problems = new ArrayList<>();
        String path = "topics." + t.name();
        if (t.level() != null && !d.levels().containsKey(t.level())) {
            problems.add(path + ".level: no level named '" + t.level() + "'; levels: " + d.levels().keySet());
        }
        if (t.subscribers().isEmpty() && t.groups().isEmpty()) {
            problems.add(path + ".subscribers: at least one invoker is required; invokers: " + d.invokers().keySet());
        }
        t.subscribers().stream().filter(s -> !d.invokers().containsKey(s)).forEach(s ->
                problems.add(path + ".subscribers: no invoker named '" + s + "'; invokers: " + d.invokers().keySet()));
        Map<String, String> groupNames = new HashMap<>();
        for (int i = 0; i < t.groups().size(); i++) {
            SubscriptionGroup g = t.groups().get(i);
            String groupPath = path + ".groups[" + i + "]";
            if (g.name() != null) {
                String previous = groupNames.putIfAbsent(g.name(), groupPath);
                if (previous != null) {
                    problems.add(groupPath + ".name: '" + g.name() + "' is already the name of " + previous);
                }
            }
            if (g.members().isEmpty()) {
                problems.add(groupPath + ".members: at least one invoker is required; invokers: " + d.invokers().keySet());
            }
            Set<String> seen = new HashSet<>();
            for (String member : g.members()) {
                if (!d.invokers().containsKey(member)) {
                    problems.add(groupPath + ".members: no invoker named '" + member + "'; invokers: " + d.invokers().keySet());
                } else if (!seen.add(member)) {
                    problems.add(groupPath + ".members: '" + member + "' is listed twice; a member gets its share once");
                }
            }
        }
        // A plain subscriber is a group of its own, named after it.
        t.subscribers().stream().filter(groupNames::containsKey).forEach(s ->
                problems.add(path + ".subscribers: '" + s + "' is also the name of " + groupNames.get(s)
                        + "; rename the group (a plain subscriber is a group named after it)"));
        if (t.level() != null && d.levels().containsKey(t.level())) {
            d.brokers().values().stream().filter(b -> !b.levels().contains(t.level())).forEach(b ->
                    problems.add("brokers." + b.id() + ".ports." + t.level() + ": missing; topic '" + t.name()
                            + "' needs the level's ingress port (or socket-paths." + t.level() + " on a uds channel)"));
            t.members().stream().map(s -> d.invokers().get(s))
                    .filter(i -> i != null && !i.levels().contains(t.level())).forEach(i ->
                    problems.add("invokers." + i.id() + ".ports." + t.level() + ": missing; topic '" + t.name()
                            + "' delivers to it on that level (or socket-paths." + t.level() + " on a uds channel)"));
        }
        return problems;
    }

    /** Slots only with a [tsn] table, every level with a slot inside the cycle, no two overlapping. */
    static List<String> validateTsn(Deployment d) {
        List<String> problems = new ArrayList<>();
        TsnSpec tsn = d.tsn();
        if (tsn == null) {
            d.levels().values().stream().filter(l -> l.tsnSlot() != null).forEach(l ->
                    problems.add("levels." + l.name() + ".tsn-slot: needs a [tsn] table (interface, cycle-us) to schedule it"));
            return problems;
        }
        if (tsn.etfLevel() != null && !d.levels().containsKey(tsn.etfLevel())) {
            problems.add("tsn.etf-level: no level named '" + tsn.etfLevel() + "'; levels: " + d.levels().keySet() + " (or \"none\")");
        }
        Map<Integer, String> byPriority = new HashMap<>();
        for (QosLevel level : d.levels().values()) {
            if (level.socketPriority() > 15) {
                problems.add("levels." + level.name() + ".socket-priority: " + level.socketPriority()
                        + " has no traffic class in taprio's map (0..15); with [tsn] use 0..15");
            }
            String other = byPriority.putIfAbsent(level.socketPriority(), level.name());
            if (other != null) {
                problems.add("levels." + level.name() + ".socket-priority: " + level.socketPriority() + " is also the priority of level '"
                        + other + "'; with [tsn] each level needs its own priority to get its own traffic class");
            }
        }
        List<QosLevel> slotted = new ArrayList<>();
        for (QosLevel level : d.levels().values()) {
            TsnSlot slot = level.tsnSlot();
            String path = "levels." + level.name() + ".tsn-slot";
            if (slot == null) {
                problems.add(path + ": missing; with [tsn] every level needs its window in the " + tsn.cycleUs() + " µs cycle");
                continue;
            }
            if ((long) slot.offsetUs() + slot.lengthUs() > tsn.cycleUs()) {
                problems.add(path + ": window " + slot.offsetUs() + ".." + (slot.offsetUs() + slot.lengthUs())
                        + " µs ends after the cycle of " + tsn.cycleUs() + " µs (tsn.cycle-us)");
                continue;
            }
            for (QosLevel other : slotted) {
                TsnSlot o = other.tsnSlot();
                if (slot.offsetUs() < o.offsetUs() + o.lengthUs() && o.offsetUs() < slot.offsetUs() + slot.lengthUs()) {
                    problems.add(path + ": window " + slot.offsetUs() + ".." + (slot.offsetUs() + slot.lengthUs())
                            + " µs overlaps levels." + other.name() + ".tsn-slot " + o.offsetUs() + ".." + (o.offsetUs() + o.lengthUs()) + " µs");
                }
            }
            slotted.add(level);
        }
        return problems;
    }

    /** The problems of one workflow against the rest of {@code d}. */
    public static List<String> validateWorkflow(Deployment d, WorkflowSpec w) {
        List<String> problems = new ArrayList<>();
        String path = "workflows." + w.name();
        if (!ConfigLoader.isValidName(w.name())) {
            problems.add(path + ": invalid name: use 1..64 letters, digits, '-' or '_'");
        }
        if (w.level() != null && !d.levels().containsKey(w.level())) {
            problems.add(path + ".level: no level named '" + w.level() + "'; levels: " + d.levels().keySet());
        }
        TopicSpec topic = w.topic() == null ? null : d.topics().get(w.topic());
        if (w.topic() != null && topic == null) {
            problems.add(path + ".topic: no topic named '" + w.topic() + "'; topics: " + d.topics().keySet());
        }
        if (topic != null && w.level() != null && topic.level() != null && !topic.level().equals(w.level())) {
            problems.add(path + ".level: '" + w.level() + "' differs from the level '" + topic.level()
                    + "' of its topic '" + topic.name() + "'; a topic carries one level");
        }
        FunctionSpec f = w.function();
        if (f == null || f.method() == null) {
            if (f == null) {
                problems.add(path + ".method: missing; one of " + methodLabels());
            }
            return problems;
        }
        if (f.artifact() != null && !Files.isRegularFile(Path.of(f.artifact()))) {
            problems.add(path + ".artifact: no file at " + f.artifact()
                    + (f.artifact().contains("/target/") ? " (build it first: ./tempos build)" : ""));
        }
        if (f.method() == InvocationMethod.JVM && f.entry() == null) {
            problems.add(path + ".entry: the class implementing io.tempos.api.Function is required for method jvm");
        }
        problems.addAll(validateIsolationAndLimits(path, f));
        return problems;
    }

    private static void subscribedWorkflow(Deployment d, List<String> problems, String workflow, String path) {
        if (workflow != null && !d.workflows().containsKey(workflow)) {
            problems.add(path + ": no workflow named '" + workflow + "'; workflows: " + d.workflows().keySet());
        }
    }

    /** Each key applies to some methods only; one that cannot take effect is refused, not ignored. */
    private static List<String> validateIsolationAndLimits(String path, FunctionSpec f) {
        List<String> problems = new ArrayList<>();
        String method = f.method().label();
        if (!f.method().isolations().contains(f.isolation())) {
            problems.add(path + ".isolation: '" + f.isolation().label() + "' is not available for method " + method
                    + "; one of " + f.method().isolations().stream().map(Isolation::label).toList());
        }
        if (f.isolation() == Isolation.CONTAINER && (f.containerImage() == null || f.containerImage().isBlank())) {
            problems.add(path + ".container-image: required with isolation = \"container\", e.g. \"debian:12-slim\"");
        }
        if (f.isolation() != Isolation.CONTAINER && f.containerImage() != null) {
            problems.add(path + ".container-image: applies only with isolation = \"container\"");
        }
        if (!f.args().isEmpty() && f.method() != InvocationMethod.FSPAWN) {
            problems.add(path + ".args: applies to method fspawn only (the program's arguments)");
        }
        boolean ownProcess = f.method() == InvocationMethod.FSPAWN || f.isolation() == Isolation.PROCESS;
        String processOnly = " applies to a function in a process of its own (method fspawn, or dlf with isolation = \"process\")";
        if (f.limits().maxMemoryMb() > 0 && !ownProcess && f.method() != InvocationMethod.WASMF) {
            problems.add(path + ".max-memory-mb:" + processOnly + " or to method wasmf");
        }
        if (f.method() == InvocationMethod.WASMF && f.limits().maxMemoryMb() > WASM_MAX_MEMORY_MB) {
            problems.add(path + ".max-memory-mb: " + f.limits().maxMemoryMb() + " > " + WASM_MAX_MEMORY_MB
                    + ", the most a wasm32 memory can address");
        }
        if (f.limits().maxCpuSeconds() > 0 && !ownProcess) {
            problems.add(path + ".max-cpu-seconds:" + processOnly);
        }
        if (f.limits().maxOpenFiles() > 0 && !ownProcess) {
            problems.add(path + ".max-open-files:" + processOnly);
        }
        return problems;
    }

    private static String methodLabels() {
        return String.join(", ", Arrays.stream(InvocationMethod.values()).map(InvocationMethod::label).toList());
    }

    private static void levelPorts(Deployment d, List<String> problems, String host, Map<String, Integer> ports,
                                   String path, Map<String, String> portOwners) {
        ports.forEach((level, port) -> {
            if (!d.levels().containsKey(level)) {
                problems.add(path + "." + level + ": no level named '" + level + "'; levels: " + d.levels().keySet());
            }
            claim(portOwners, problems, host, port, path + "." + level);
        });
    }

    private static void socketPaths(Deployment d, List<String> problems, Map<String, String> paths, String path,
                                    Map<String, String> socketOwners) {
        paths.forEach((level, socket) -> {
            if (!d.levels().containsKey(level)) {
                problems.add(path + "." + level + ": no level named '" + level + "'; levels: " + d.levels().keySet());
            }
            String previous = socketOwners.putIfAbsent(socket, path + "." + level);
            if (previous != null) {
                problems.add(path + "." + level + ": socket " + socket + " is already used by " + previous);
            }
        });
    }

    private static void claim(Map<String, String> owners, List<String> problems, String host, int port, String path) {
        if (port == TableReader.REPORTED_INVALID) {
            return;   // the loader already reported this port as missing or invalid
        }
        String previous = owners.putIfAbsent(host + ":" + port, path);
        if (previous != null) {
            problems.add(path + ": port " + port + " on " + host + " is already used by " + previous);
        }
    }
}
