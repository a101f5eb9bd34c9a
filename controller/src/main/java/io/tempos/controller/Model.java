package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.DeploymentValidator;
import io.tempos.core.config.WorkflowSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The authoritative model: the deployment every component runs. Readers take the current
 * deployment without locking. Changes, and start-up pushes, hold one lock from validation to
 * the last component's answer, so that changes apply one at a time and a component never
 * receives an older deployment after a newer one. Only management threads take the lock:
 * the controller has no event path.
 */
final class Model {

    private static final System.Logger LOG = System.getLogger(Model.class.getName());

    private final ReentrantLock changeLock = new ReentrantLock();
    private final ComponentClient client;
    private final Rollout rollout;
    private volatile Deployment current;

    Model(Deployment initial, ComponentClient client) {
        this.current = initial;
        this.client = client;
        this.rollout = new Rollout(client);
    }

    Deployment current() {
        return current;
    }

    /** Pushes the current deployment to one component (a start-up attempt). */
    PushOutcome pushCurrent(ComponentSpec component) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            return client.push(component, DeploymentJson.write(current));
        } finally {
            changeLock.unlock();
        }
    }

    /**
     * Adds or replaces {@code workflow} on every component.
     *
     * @param createOnly refuse with {@link ChangeOutcome.AlreadyExists} when the name is taken
     */
    ChangeOutcome putWorkflow(WorkflowSpec workflow, boolean createOnly) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            Deployment previous = current;
            boolean exists = previous.workflows().containsKey(workflow.name());
            if (exists && createOnly) {
                return new ChangeOutcome.AlreadyExists(workflow.name());
            }
            List<String> problems = DeploymentValidator.validateWorkflow(previous, workflow);
            if (!problems.isEmpty()) {
                return new ChangeOutcome.Invalid(problems);
            }
            return change(previous, previous.withWorkflow(workflow), Rollout.Order.DOWNSTREAM_FIRST, !exists,
                    (exists ? "replaced" : "added") + " workflow '" + workflow.name() + "'");
        } finally {
            changeLock.unlock();
        }
    }

    /** Removes the workflow {@code name} from every component. */
    ChangeOutcome removeWorkflow(String name) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            Deployment previous = current;
            if (!previous.workflows().containsKey(name)) {
                return new ChangeOutcome.NotFound(name);
            }
            return change(previous, without(previous, name), Rollout.Order.UPSTREAM_FIRST, false,
                    "removed workflow '" + name + "'");
        } finally {
            changeLock.unlock();
        }
    }

    private ChangeOutcome change(Deployment previous, Deployment next, Rollout.Order order, boolean created,
                                 String what) throws InterruptedException {
        return switch (rollout.apply(previous, next, order)) {
            case Rollout.Result.Done() -> {
                current = next;
                LOG.log(System.Logger.Level.INFO, what + " on every component");
                yield new ChangeOutcome.Applied(next, created);
            }
            case Rollout.Result.Failed(ComponentSpec component, PushOutcome outcome, List<String> rollbackFailures) ->
                    new ChangeOutcome.NotApplied(component, outcome, rollbackFailures);
        };
    }

    // Core's Deployment has withWorkflow but no way to drop one yet.
    private static Deployment without(Deployment d, String workflow) {
        Map<String, WorkflowSpec> workflows = new LinkedHashMap<>(d.workflows());
        workflows.remove(workflow);
        return new Deployment(d.name(), d.controller(), d.levels(), d.brokers(), d.triggers(), d.invokers(),
                d.topics(), workflows);
    }
}
