package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentValidator;
import io.tempos.core.config.WorkflowSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow endpoints: {@code /workflows} and {@code /workflows/{name}}. Called on the REST
 * API's request threads; changes go through the {@link Model}, which applies one at a time.
 */
final class WorkflowResource {

    private final Model model;

    WorkflowResource(Model model) {
        this.model = model;
    }

    void list(JsonExchange exchange) throws IOException {
        exchange.respond(200, List.copyOf(model.current().workflows().values()));
    }

    void get(JsonExchange exchange, String name) throws IOException {
        exchange.respond(200, existing(model.current(), name));
    }

    /** {@code POST /workflows}: creates; 409 when the name is taken. */
    void create(JsonExchange exchange) throws IOException, InterruptedException {
        Deployment current = model.current();
        put(exchange, WorkflowBody.parse(exchange.body(), null, current), current, true);
    }

    /** {@code PUT /workflows/{name}}: creates (201) or replaces (200). */
    void replace(JsonExchange exchange, String name) throws IOException, InterruptedException {
        Deployment current = model.current();
        put(exchange, WorkflowBody.parse(exchange.body(), name, current), current, false);
    }

    /**
     * {@code PATCH /workflows/{name}}: changes the keys given, e.g. the level (with a topic of
     * that level) or the invocation method, keeping the others; 200.
     */
    void patch(JsonExchange exchange, String name) throws IOException, InterruptedException {
        Deployment current = model.current();
        WorkflowSpec existing = existing(current, name);
        put(exchange, WorkflowBody.patch(exchange.body(), existing, current), current, false);
    }

    void delete(JsonExchange exchange, String name) throws IOException, InterruptedException {
        answer(model.removeWorkflow(name), name);
        exchange.respondEmpty(204);
    }

    private void put(JsonExchange exchange, WorkflowBody.Parsed parsed, Deployment current, boolean createOnly)
            throws IOException, InterruptedException {
        if (!parsed.problems().isEmpty()) {
            // Report the problems the model would find too, so one round trip shows them all.
            List<String> problems = new ArrayList<>(parsed.problems());
            String name = parsed.workflow() == null ? null : parsed.workflow().name();
            if (name != null) {
                problems.addAll(WorkflowBody.inBodyTerms(name, DeploymentValidator.validateWorkflow(current, parsed.workflow())));
            }
            throw ChangeAnswers.invalid("workflow", name, problems);
        }
        WorkflowSpec workflow = parsed.workflow();
        ChangeOutcome.Applied applied = answer(model.putWorkflow(workflow, createOnly), workflow.name());
        exchange.header("Location", "/workflows/" + workflow.name());
        exchange.respond(applied.created() ? 201 : 200, applied.deployment().workflows().get(workflow.name()));
    }

    private static ChangeOutcome.Applied answer(ChangeOutcome outcome, String name) {
        return ChangeAnswers.applied(outcome, "workflow", name, problems -> WorkflowBody.inBodyTerms(name, problems));
    }

    private static WorkflowSpec existing(Deployment d, String name) {
        WorkflowSpec workflow = d.workflows().get(name);
        if (workflow == null) {
            throw ChangeAnswers.notFound("workflow", name);
        }
        return workflow;
    }
}
