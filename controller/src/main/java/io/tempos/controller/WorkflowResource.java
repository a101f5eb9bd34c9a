package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentValidator;
import io.tempos.core.config.WorkflowSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        put(exchange, null, true);
    }

    /** {@code PUT /workflows/{name}}: creates (201) or replaces (200). */
    void replace(JsonExchange exchange, String name) throws IOException, InterruptedException {
        put(exchange, name, false);
    }

    void delete(JsonExchange exchange, String name) throws IOException, InterruptedException {
        answer(model.removeWorkflow(name), name);
        exchange.respondEmpty(204);
    }

    private void put(JsonExchange exchange, String pathName, boolean createOnly) throws IOException, InterruptedException {
        Deployment current = model.current();
        WorkflowBody.Parsed parsed = WorkflowBody.parse(exchange.body(), pathName, current);
        if (!parsed.problems().isEmpty()) {
            // Report the problems the model would find too, so one round trip shows them all.
            List<String> problems = new ArrayList<>(parsed.problems());
            if (parsed.workflow() != null && parsed.workflow().name() != null) {
                problems.addAll(WorkflowBody.inBodyTerms(parsed.workflow().name(),
                        DeploymentValidator.validateWorkflow(current, parsed.workflow())));
            }
            throw invalid(parsed.workflow(), problems);
        }
        WorkflowSpec workflow = parsed.workflow();
        ChangeOutcome.Applied applied = answer(model.putWorkflow(workflow, createOnly), workflow.name());
        exchange.header("Location", "/workflows/" + workflow.name());
        exchange.respond(applied.created() ? 201 : 200, applied.deployment().workflows().get(workflow.name()));
    }

    /** The applied change, or the error that tells the caller why there is none. */
    private static ChangeOutcome.Applied answer(ChangeOutcome outcome, String name) {
        return switch (outcome) {
            case ChangeOutcome.Applied applied -> applied;
            case ChangeOutcome.Invalid invalid -> throw invalid(null, WorkflowBody.inBodyTerms(name, invalid.problems()));
            case ChangeOutcome.AlreadyExists exists -> throw new ApiException(409, "workflow '" + exists.workflow()
                    + "' already exists; use PUT /workflows/" + exists.workflow() + " to replace it");
            case ChangeOutcome.NotFound missing -> throw notFound(missing.workflow());
            case ChangeOutcome.NotApplied failed -> throw notApplied(failed, name);
        };
    }

    private static WorkflowSpec existing(Deployment d, String name) {
        WorkflowSpec workflow = d.workflows().get(name);
        if (workflow == null) {
            throw notFound(name);
        }
        return workflow;
    }

    private static ApiException invalid(WorkflowSpec workflow, List<String> problems) {
        String subject = workflow == null || workflow.name() == null ? "workflow" : "workflow '" + workflow.name() + "'";
        return new ApiException(400, subject + " refused, " + problems.size()
                + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems),
                Map.of("problems", problems));
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "no workflow named '" + name + "'; GET /workflows lists them");
    }

    /** 409 when a component refused (the change is wrong for it), 502 when it could not be asked. */
    private static ApiException notApplied(ChangeOutcome.NotApplied failed, String name) {
        boolean refused = failed.outcome() instanceof PushOutcome.Refused;
        String reason = switch (failed.outcome()) {
            case PushOutcome.Refused r -> r.reason();
            case PushOutcome.Unavailable u -> u.reason();
            case PushOutcome.Accepted a -> throw new IllegalStateException("an accepted push is not a failure");
        };
        String message = "change of workflow '" + name + "' not applied: "
                + ComponentClient.describe(failed.component()) + (refused ? " refused it: " : " is unreachable: ") + reason
                + (failed.rollbackFailures().isEmpty()
                ? "; the deployment is unchanged on every component"
                : "; rollback incomplete: " + String.join("; ", failed.rollbackFailures()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("component", failed.component().id());
        details.put("reason", reason);
        if (!failed.rollbackFailures().isEmpty()) {
            details.put("rollback-failures", failed.rollbackFailures());
        }
        return new ApiException(refused ? 409 : 502, message, details);
    }
}
