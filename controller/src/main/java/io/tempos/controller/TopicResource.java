package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.TopicSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The topic endpoints: {@code /topics} and {@code /topics/{name}}: add a topic or change its
 * subscribers at run time, remove one no workflow uses. Called on the REST API's request
 * threads; changes go through the {@link Model}. {@code GET /topics/{name}} adds what the topic
 * can give right now, asked of every broker serving its level ({@code GET /topics/{name}} there).
 */
final class TopicResource {

    /** How long a broker may take to say what a topic gives; a dead one must not stall the read. */
    static final Duration EFFECTIVE_TIMEOUT = Duration.ofSeconds(2);

    private final Model model;
    private final ComponentClient client;

    TopicResource(Model model, ComponentClient client) {
        this.model = model;
        this.client = client;
    }

    void list(JsonExchange exchange) throws IOException {
        exchange.respond(200, List.copyOf(model.current().topics().values()));
    }

    /**
     * {@code GET /topics/{name}}: the topic as configured, plus {@code effective}: per broker
     * serving its level, that broker's report of what the topic gives now, or
     * {@code {"unavailable": reason}} when it cannot be had (the broker is down, or serves no
     * {@code /topics}); the brokers are asked in parallel.
     */
    void get(JsonExchange exchange, String name) throws IOException, InterruptedException {
        Deployment d = model.current();
        TopicSpec topic = d.topics().get(name);
        if (topic == null) {
            throw ChangeAnswers.notFound("topic", name);
        }
        ObjectNode body = DeploymentJson.MAPPER.valueToTree(topic);
        body.set("effective", effective(d, topic));
        exchange.respond(200, body);
    }

    private ObjectNode effective(Deployment d, TopicSpec topic) throws InterruptedException {
        List<BrokerSpec> brokers = d.brokers().values().stream().filter(b -> b.levels().contains(topic.level())).toList();
        List<Future<ComponentClient.Fetched>> answers = new ArrayList<>();
        try (ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (BrokerSpec broker : brokers) {
                answers.add(fetchers.submit(() -> client.fetch(broker, "/topics/" + topic.name(), EFFECTIVE_TIMEOUT)));
            }
        }
        ObjectNode effective = DeploymentJson.MAPPER.createObjectNode();
        for (int i = 0; i < brokers.size(); i++) {
            BrokerSpec broker = brokers.get(i);
            String unavailable;
            try {
                switch (answers.get(i).get()) {
                    case ComponentClient.Fetched.Answer(String json) -> {
                        JsonNode report = readReport(json);
                        if (report != null) {
                            effective.set(broker.id(), report);
                            continue;
                        }
                        unavailable = ComponentClient.describe(broker) + " answered GET /topics/" + topic.name()
                                + " with what this controller cannot read";
                    }
                    case ComponentClient.Fetched.Failed(String reason) -> unavailable = ComponentClient.describe(broker) + ": " + reason;
                }
            } catch (ExecutionException e) {
                unavailable = ComponentClient.describe(broker) + ": asking it failed: " + e.getCause();
            }
            effective.putObject(broker.id()).put("unavailable", unavailable);
        }
        return effective;
    }

    /** The broker's report as JSON, or null when it is no JSON object. */
    private static JsonNode readReport(String json) {
        try {
            JsonNode report = DeploymentJson.MAPPER.readTree(json);
            return report != null && report.isObject() ? report : null;
        } catch (IOException e) {
            return null;
        }
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
