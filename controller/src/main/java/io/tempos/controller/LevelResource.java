package io.tempos.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The level endpoints: {@code /levels} and {@code /levels/{name}}. The levels come from the
 * config file's {@code [levels]} tables; {@code PATCH} changes a level's thread scheduling
 * (thread-policy, thread-priority, cpus) on every running component, all or none. Called on the
 * REST API's request threads; changes go through the {@link Model}.
 */
final class LevelResource {

    private static final String EXAMPLE = "{\"thread-priority\": 80} or {\"thread-policy\": \"rr\", \"cpus\": [1]}";

    private final Model model;

    LevelResource(Model model) {
        this.model = model;
    }

    void list(JsonExchange exchange) throws IOException {
        exchange.respond(200, List.copyOf(model.current().levels().values()));
    }

    void get(JsonExchange exchange, String name) throws IOException {
        exchange.respond(200, existing(name));
    }

    /** {@code PATCH /levels/{name}}: the keys given change, in the file's vocabulary; the others stay. */
    void patch(JsonExchange exchange, String name) throws IOException, InterruptedException {
        QosLevel current = existing(name);
        List<String> problems = new ArrayList<>();
        ObjectNode body = JsonBodies.object(exchange.body(), EXAMPLE, problems);
        QosLevel next = body == null ? null : ConfigLoader.readLevelChange(current, body, problems);
        if (!problems.isEmpty()) {
            throw ChangeAnswers.invalid("level", name, problems);
        }
        ChangeOutcome.Applied applied = ChangeAnswers.applied(model.putLevel(next), "level", name, restated -> restated);
        exchange.header("Location", "/levels/" + name);
        exchange.respond(200, applied.deployment().levels().get(name));
    }

    private QosLevel existing(String name) {
        QosLevel level = model.current().levels().get(name);
        if (level == null) {
            throw ChangeAnswers.notFound("level", name);
        }
        return level;
    }
}
