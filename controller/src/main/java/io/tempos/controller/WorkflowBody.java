package io.tempos.controller;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.WorkflowSpec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a workflow from a request body written in the TOML file's kebab-case vocabulary:
 * <pre>{"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf",
 *  "artifact": "/opt/fn/libalgorithm1.so", "entry": "tempos_main", "mode": "warm", "timeout-ms": 1000}</pre>
 * It reports every problem of the body at once, each naming its key; the checks against the
 * rest of the deployment (does the topic exist, does the file) are the validator's.
 */
final class WorkflowBody {

    static final Set<String> KEYS = Set.of("name", "level", "topic", "method", "artifact", "entry", "mode", "timeout-ms");
    /** The same defaults and bounds as a {@code [workflows.…]} table of the TOML file. */
    static final String DEFAULT_DLF_ENTRY = "tempos_main";
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final long MAX_TIMEOUT_MS = 3_600_000;

    private static final ObjectReader JSON = DeploymentJson.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The workflow read, with fields left null where the body was wrong, and every problem. */
    record Parsed(WorkflowSpec workflow, List<String> problems) {
    }

    private final JsonNode body;
    private final Deployment model;
    private final List<String> problems = new ArrayList<>();

    private WorkflowBody(JsonNode body, Deployment model) {
        this.body = body;
        this.model = model;
    }

    /**
     * @param pathName the name in the request path ({@code PUT /workflows/{name}}), or null
     *                 when the name comes from the body ({@code POST /workflows})
     * @param model    the current deployment, to suggest valid values in messages
     */
    static Parsed parse(String json, String pathName, Deployment model) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            return invalid("body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (node == null || !node.isObject()) {
            return invalid("body must be a JSON object such as {\"name\": \"door-2\", \"level\": \"strict\", "
                    + "\"topic\": \"sq\", \"method\": \"dlf\", \"artifact\": \"/abs/path/libfn.so\"}");
        }
        return new WorkflowBody(node, model).read(pathName);
    }

    /**
     * Reads a {@code PATCH} body: the keys it gives replace those of {@code existing}, a key
     * given as {@code null} goes back to its default, the others stay. Then it is read as a
     * whole body, so it reports the same problems as a {@code PUT} would.
     */
    static Parsed patch(String json, WorkflowSpec existing, Deployment model) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            return invalid("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return invalid("body must be a JSON object with the keys to change, such as {\"level\": \"best-effort\", "
                    + "\"topic\": \"bq\"} or {\"mode\": \"cold\"}");
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

    /** {@code workflow} in the body's kebab-case vocabulary, as a {@code PUT} would send it. */
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
        return body;
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

    private static Parsed invalid(String problem) {
        return new Parsed(null, List.of(problem));
    }

    private Parsed read(String pathName) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                problems.add(key + ": unknown key; valid keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String name = name(pathName);
        String level = string("level", null, "one of " + model.levels().keySet());
        String topic = string("topic", null, "one of " + model.topics().keySet());
        InvocationMethod method = method();
        String artifact = artifact();
        String entry = string("entry", method == InvocationMethod.DLF ? DEFAULT_DLF_ENTRY : null, null);
        boolean warm = warm();
        long timeoutMs = timeoutMs();
        FunctionSpec function = method == null ? null : new FunctionSpec(method, artifact, entry, warm, timeoutMs);
        return new Parsed(new WorkflowSpec(name, level, topic, function), List.copyOf(problems));
    }

    private String name(String pathName) {
        if (pathName == null) {
            return string("name", null, "the workflow's name, 1..64 letters, digits, '-' or '_'");
        }
        JsonNode named = body.get("name");
        if (named != null && !(named.isTextual() && named.asText().equals(pathName))) {
            problems.add("name: " + named + " differs from the name '" + pathName
                    + "' in the path; leave it out or make them equal");
        }
        return pathName;
    }

    private InvocationMethod method() {
        List<String> valid = new ArrayList<>();
        for (InvocationMethod m : InvocationMethod.values()) {
            valid.add(m.label());
        }
        String text = string("method", null, "one of " + String.join(", ", valid));
        if (text == null) {
            return null;
        }
        try {
            return InvocationMethod.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("method: '" + text + "' is not one of " + String.join(", ", valid));
            return null;
        }
    }

    /** An absolute path: a relative one would resolve against whatever directory each component runs in. */
    private String artifact() {
        String text = string("artifact", null, "the absolute path of the function's shared library or jar");
        if (text == null) {
            return null;
        }
        try {
            if (!Path.of(text).isAbsolute()) {
                problems.add("artifact: '" + text + "' is a relative path; give the absolute path of the file,"
                        + " as the components see it");
                return null;
            }
            return Path.of(text).normalize().toString();
        } catch (InvalidPathException e) {
            problems.add("artifact: '" + text + "' is not a valid path: " + e.getReason());
            return null;
        }
    }

    private boolean warm() {
        String mode = string("mode", "warm", null);
        if (mode != null && !mode.equals("warm") && !mode.equals("cold")) {
            problems.add("mode: '" + mode + "' is not one of warm, cold");
        }
        return !"cold".equals(mode);
    }

    private long timeoutMs() {
        JsonNode node = body.get("timeout-ms");
        if (node == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1 || node.asLong() > MAX_TIMEOUT_MS) {
            problems.add("timeout-ms: must be an integer in 1.." + MAX_TIMEOUT_MS + ", got " + node);
            return DEFAULT_TIMEOUT_MS;
        }
        return node.asLong();
    }

    /**
     * The non-empty string at {@code key}; when absent, {@code fallback}, or a problem saying
     * what is required ({@code hint}) when there is no fallback.
     */
    private String string(String key, String fallback, String hint) {
        JsonNode node = body.get(key);
        if (node == null || node.isNull()) {
            if (fallback == null && hint != null) {
                problems.add(key + ": missing; " + hint);
            }
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(key + ": must be a non-empty string, got " + node);
            return fallback;
        }
        return node.asText();
    }
}
