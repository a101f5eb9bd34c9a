package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.TopicSpec;

import java.io.IOException;
import java.util.List;

/**
 * The topic endpoints: {@code /topics} and {@code /topics/{name}}: add a topic or change its
 * subscribers at run time, remove one no workflow uses. Called on the REST API's request
 * threads; changes go through the {@link Model}.
 */
final class TopicResource {

    private final Model model;

    TopicResource(Model model) {
        this.model = model;
    }

    void list(JsonExchange exchange) throws IOException {
        exchange.respond(200, List.copyOf(model.current().topics().values()));
    }

    void get(JsonExchange exchange, String name) throws IOException {
        TopicSpec topic = model.current().topics().get(name);
        if (topic == null) {
            throw ChangeAnswers.notFound("topic", name);
        }
        exchange.respond(200, topic);
    }

    /** {@code POST /topics}: creates; 409 when the name is taken. */
    void create(JsonExchange exchange) throws IOException, InterruptedException {
        put(exchange, null, true);
    }

    /** {@code PUT /topics/{name}}: creates (201) or replaces (200), e.g. to change the subscribers. */
    void replace(JsonExchange exchange, String name) throws IOException, InterruptedException {
        put(exchange, name, false);
    }

    /** {@code DELETE /topics/{name}}: 204; 409 while a workflow uses it. */
    void delete(JsonExchange exchange, String name) throws IOException, InterruptedException {
        answer(model.removeTopic(name), name);
        exchange.respondEmpty(204);
    }

    private void put(JsonExchange exchange, String pathName, boolean createOnly) throws IOException, InterruptedException {
        Deployment current = model.current();
        TopicBody.Parsed parsed = TopicBody.parse(exchange.body(), pathName, current);
        String name = parsed.topic() == null ? pathName : parsed.topic().name();
        if (!parsed.problems().isEmpty()) {
            throw ChangeAnswers.invalid("topic", name, parsed.problems());
        }
        ChangeOutcome.Applied applied = answer(model.putTopic(parsed.topic(), createOnly), name);
        exchange.header("Location", "/topics/" + name);
        exchange.respond(applied.created() ? 201 : 200, applied.deployment().topics().get(name));
    }

    private static ChangeOutcome.Applied answer(ChangeOutcome outcome, String name) {
        return ChangeAnswers.applied(outcome, "topic", name, problems -> TopicBody.inBodyTerms(name, problems));
    }
}
