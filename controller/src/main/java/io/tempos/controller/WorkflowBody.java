package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.WorkflowSpec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a workflow from a request body written in the TOML file's kebab-case vocabulary:
 * <pre>{"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf",
 *  "artifact": "/opt/fn/libalgorithm1.so", "entry": "tempos_main", "mode": "warm", "timeout-ms": 1000}</pre>
 * Every key of a {@code [workflows.<name>]} table is accepted, read by the file's own reader
 * ({@link ConfigLoader#readWorkflow}) with the same defaults, bounds and messages; this class
 * adds only what a body has and a table has not: the {@code name} (or the name in the path),
 * and an artifact path that must be absolute. It reports every problem of the body at once,
 * each naming its key; the checks against the rest of the deployment (does the topic exist,
 * does the file, does the isolation fit the method) are the validator's.
 */
final class WorkflowBody {

    /** The keys of a body: those of a workflow table, and its name. */
    static final Set<String> KEYS = keys();

    /** Relative artifacts are refused before reading; an absolute one resolves to itself. */
    private static final Path ROOT = Path.of("/");

    /** The workflow read, with fields left null where the body was wrong, and every problem. */
    record Parsed(WorkflowSpec workflow, List<String> problems) {
    }

    private final ObjectNode body;
    private final Deployment model;
    private final List<String> problems = new ArrayList<>();

    private WorkflowBody(ObjectNode body, Deployment model) {
        this.body = body;
        this.model = model;
    }

    private static Set<String> keys() {
        Set<String> keys = new TreeSet<>(ConfigLoader.WORKFLOW_KEYS);
        keys.add("name");
        return Set.copyOf(keys);
    }

    /**
     * @param pathName the name in the request path ({@code PUT /workflows/{name}}), or null
     *                 when the name comes from the body ({@code POST /workflows})
     * @param model    the current deployment, to suggest valid values in messages
     */
    static Parsed parse(String json, String pathName, Deployment model) {
        List<String> problems = new ArrayList<>();
        ObjectNode node = JsonBodies.object(json, "{\"name\": \"door-2\", \"level\": \"strict\", "
                + "\"topic\": \"sq\", \"method\": \"dlf\", \"artifact\": \"/abs/path/libfn.so\"}", problems);
        return node == null ? new Parsed(null, problems) : new WorkflowBody(node, model).read(pathName);
    }

    /**
     * Reads a {@code PATCH} body: the keys it gives replace those of {@code existing}, a key
     * given as {@code null} goes back to its default, the others stay. Then it is read as a
     * whole body, so it reports the same problems as a {@code PUT} would.
     */
    static Parsed patch(String json, WorkflowSpec existing, Deployment model) {
        List<String> problems = new ArrayList<>();
        ObjectNode node = JsonBodies.object(json, "{\"level\": \"best-effort\", \"topic\": \"bq\"} or {\"mode\": \"cold\"},"
                + " with the keys to change", problems);
        if (node == null) {
            return new Parsed(null, problems);
        }
        ObjectNode merged = bodyOf(existing);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return new WorkflowBody(merged, model).read(existing.name());
    }

    /**
     * {@code workflow} in the body's kebab-case vocabulary, as a {@code PUT} would send it. Keys
     * at their default for the method (isolation, limits, arguments, image) are left out, so that
     * a {@code PATCH} of the method gives the new method its own defaults.
     */
    static ObjectNode bodyOf(WorkflowSpec workflow) {
        ObjectNode body = DeploymentJson.MAPPER.createObjectNode();
        body.put("level", workflow.level());
        body.put("topic", workflow.topic());
        FunctionSpec f = workflow.function();
        body.put("method", f.method().label());
        body.put("artifact", f.artifact());
        if (f.entry() != null) {
            body.put("entry", f.entry());
        }
        body.put("mode", f.warm() ? "warm" : "cold");
        body.put("timeout-ms", f.timeoutMs());
        if (!f.args().isEmpty()) {
            ArrayNode args = body.putArray("args");
            f.args().forEach(args::add);
        }
        if (f.isolation() != f.method().defaultIsolation()) {
            body.put("isolation", f.isolation().label());
        }
        if (f.containerImage() != null) {
            body.put("container-image", f.containerImage());
        }
        putLimit(body, "max-memory-mb", f.limits().maxMemoryMb());
        putLimit(body, "max-cpu-seconds", f.limits().maxCpuSeconds());
        putLimit(body, "max-open-files", f.limits().maxOpenFiles());
        return body;
    }

    private static void putLimit(ObjectNode body, String key, long value) {
        if (value > 0) {
            body.put(key, value);
        }
    }

    /**
     * Restates the validator's problems of workflow {@code name} in the body's terms:
     * {@code workflows.door-2.topic: …} becomes {@code topic: …}.
     */
    static List<String> inBodyTerms(String name, List<String> validatorProblems) {
        String prefix = "workflows." + name;
        List<String> restated = new ArrayList<>();
        for (String problem : validatorProblems) {
            if (problem.startsWith(prefix + ".")) {
                restated.add(problem.substring(prefix.length() + 1));
            } else if (problem.startsWith(prefix + ": ")) {
                restated.add("name: " + problem.substring(prefix.length() + 2));
            } else {
                restated.add(problem);
            }
        }
        return restated;
    }

    private Parsed read(String pathName) {
        String name = name(pathName);
        ObjectNode table = body.deepCopy();
        table.remove("name");
        boolean relative = relativeArtifact();
        if (relative) {
            table.remove("artifact");
        }
        List<String> tableProblems = new ArrayList<>();
        WorkflowSpec workflow = ConfigLoader.readWorkflow(name, table, ROOT, model.levels().keySet(), model.topics().keySet(),
                tableProblems);
        for (String problem : tableProblems) {
            if (relative && problem.startsWith("artifact: missing")) {
                continue;   // said already: it is relative, not missing
            }
            problems.add(problem.contains(": unknown key; valid keys here: ")
                    ? problem.substring(0, problem.indexOf(": ")) + ": unknown key; valid keys: " + String.join(", ", new TreeSet<>(KEYS))
                    : problem);
        }
        return new Parsed(workflow, List.copyOf(problems));
    }

    private String name(String pathName) {
        JsonNode named = body.get("name");
        if (pathName == null) {
            if (named == null || named.isNull()) {
                problems.add("name: missing; the workflow's name, 1..64 letters, digits, '-' or '_'");
                return null;
            }
            if (!named.isTextual() || named.asText().isBlank()) {
                problems.add("name: must be a non-empty string, got " + named);
                return null;
            }
            return named.asText();
        }
        if (named != null && !(named.isTextual() && named.asText().equals(pathName))) {
            problems.add("name: " + named + " differs from the name '" + pathName
                    + "' in the path; leave it out or make them equal");
        }
        return pathName;
    }

    /**
     * Whether the artifact is a relative path, which the body refuses: it would resolve against
     * whatever directory each component runs in ({@code tempos deploy} makes paths absolute).
     */
    private boolean relativeArtifact() {
        JsonNode node = body.get("artifact");
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return false;   // the reader says what is wrong
        }
        try {
            if (Path.of(node.asText()).isAbsolute()) {
                return false;
            }
        } catch (InvalidPathException e) {
            return false;   // the reader says it is not a valid path
        }
        problems.add("artifact: '" + node.asText() + "' is a relative path; give the absolute path of the file,"
                + " as the components see it");
        return true;
    }
}
