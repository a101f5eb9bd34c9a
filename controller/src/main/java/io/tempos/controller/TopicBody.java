package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.TopicSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a topic from a request body in the TOML file's vocabulary:
 * <pre>{"name": "doors", "level": "strict", "subscribers": ["edge-1", "edge-2"]}</pre>
 * It reports every problem of the body at once, each naming its key; whether the level and the
 * subscribers exist is the validator's to say.
 */
final class TopicBody {

    static final Set<String> KEYS = Set.of("name", "level", "subscribers");

    /** The topic read (null when the body is unusable) and every problem. */
    record Parsed(TopicSpec topic, List<String> problems) {
    }

    private TopicBody() {
    }

    /**
     * @param pathName the name in the path ({@code PUT /topics/{name}}), or null when it comes
     *                 from the body ({@code POST /topics})
     */
    static Parsed parse(String json, String pathName, Deployment model) {
        List<String> problems = new ArrayList<>();
        JsonNode body = JsonBodies.object(json, "{\"name\": \"doors\", \"level\": \"strict\", \"subscribers\": [\"edge\"]}", problems);
        if (body == null) {
            return new Parsed(null, problems);
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                problems.add(key + ": unknown key; valid keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String name = pathName;
        JsonNode named = body.get("name");
        if (pathName == null) {
            name = text(named, "name", "the topic's name, 1..64 letters, digits, '-' or '_'", problems);
        } else if (named != null && !(named.isTextual() && named.asText().equals(pathName))) {
            problems.add("name: " + named + " differs from the name '" + pathName + "' in the path; leave it out or make them equal");
        }
        String level = text(body.get("level"), "level", "one of " + model.levels().keySet(), problems);
        List<String> subscribers = subscribers(body.get("subscribers"), model, problems);
        if (name != null && !name.matches("[A-Za-z0-9_-]{1,64}")) {
            problems.add("name: invalid name: use 1..64 letters, digits, '-' or '_'");
        }
        return new Parsed(new TopicSpec(name, level, subscribers), List.copyOf(problems));
    }

    /** {@code topics.doors.subscribers: …} becomes {@code subscribers: …}; other problems keep their key path. */
    static List<String> inBodyTerms(String name, List<String> validatorProblems) {
        String prefix = "topics." + name + ".";
        return validatorProblems.stream().map(p -> p.startsWith(prefix) ? p.substring(prefix.length()) : p).toList();
    }

    private static List<String> subscribers(JsonNode node, Deployment model, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add("subscribers: missing; an array of invokers, e.g. " + DeploymentJson.write(List.copyOf(model.invokers().keySet())));
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("subscribers: must be an array of invoker names, got " + node);
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode element : node) {
            if (!element.isTextual() || element.asText().isBlank()) {
                problems.add("subscribers: every element must be an invoker's name, got " + element);
            } else if (!names.add(element.asText())) {
                problems.add("subscribers: '" + element.asText() + "' is listed twice");
            }
        }
        return List.copyOf(names);
    }

    private static String text(JsonNode node, String key, String hint, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add(key + ": missing; " + hint);
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(key + ": must be a non-empty string, got " + node);
            return null;
        }
        return node.asText();
    }
}
