package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.DeploymentValidator;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.WorkflowSpec;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The authoritative model: the deployment every component runs. Readers take the current
 * deployment without locking. Changes, start-up pushes and re-pushes to a restarted component
 * hold one lock from validation to the last component's answer (and the state file's write), so
 * that changes apply one at a time and a component never receives an older deployment after a
 * newer one. Only management threads take the lock: the controller has no event path.
 */
final class Model {

    private static final System.Logger LOG = System.getLogger(Model.class.getName());

    /** Where an applied change is made durable; called with the change lock held. */
    @FunctionalInterface
    interface Saver {
        /** Does nothing: a controller without a state dir keeps its model in memory. */
        Saver IN_MEMORY = deployment -> {
        };

        void save(Deployment deployment) throws IOException;
    }

    private final ReentrantLock changeLock = new ReentrantLock();
    private final ComponentClient client;
    private final Rollout rollout;
    private final Saver saver;
    private volatile Deployment current;

    Model(Deployment initial, ComponentClient client, Saver saver) {
        this.current = initial;
        this.client = client;
        this.rollout = new Rollout(client);
        this.saver = saver;
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
     * Pushes the current deployment to one component if {@code stillNeeded}, asked with the
     * change lock held so that no push or change slips in between the question and the push.
     *
     * @return the component's answer, or null when the push was no longer needed
     */
    PushOutcome pushCurrentIf(ComponentSpec component, BooleanSupplier stillNeeded) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            return stillNeeded.getAsBoolean() ? client.push(component, DeploymentJson.write(current)) : null;
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
                return new ChangeOutcome.AlreadyExists("workflow", workflow.name());
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
                return new ChangeOutcome.NotFound("workflow", name);
            }
            Map<String, WorkflowSpec> workflows = new LinkedHashMap<>(previous.workflows());
            workflows.remove(name);
            return change(previous, with(previous, previous.topics(), workflows), Rollout.Order.UPSTREAM_FIRST, false,
                    "removed workflow '" + name + "'");
        } finally {
            changeLock.unlock();
        }
    }

    /**
     * Adds or replaces {@code topic} on every component. The whole next deployment is validated,
     * which catches a new level that its workflows do not share and subscribers that do not exist
     * or lack the level's port. Components hear of it downstream first when it adds a topic or
     * subscriber (invokers know it before the broker routes to them), upstream first when it only
     * removes subscribers (the broker stops routing before the invokers forget).
     */
    ChangeOutcome putTopic(TopicSpec topic, boolean createOnly) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            Deployment previous = current;
            TopicSpec old = previous.topics().get(topic.name());
            if (old != null && createOnly) {
                return new ChangeOutcome.AlreadyExists("topic", topic.name());
            }
            Deployment next = previous.withTopic(topic);
            List<String> problems = DeploymentValidator.validate(next);
            if (!problems.isEmpty()) {
                return new ChangeOutcome.Invalid(problems);
            }
            boolean adds = old == null || !new HashSet<>(old.subscribers()).containsAll(topic.subscribers());
            return change(previous, next, adds ? Rollout.Order.DOWNSTREAM_FIRST : Rollout.Order.UPSTREAM_FIRST, old == null,
                    (old == null ? "added" : "replaced") + " topic '" + topic.name() + "'");
        } finally {
            changeLock.unlock();
        }
    }

    /** Removes the topic {@code name}, refused while a workflow uses it. */
    ChangeOutcome removeTopic(String name) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            Deployment previous = current;
            if (!previous.topics().containsKey(name)) {
                return new ChangeOutcome.NotFound("topic", name);
            }
            List<String> users = previous.workflows().values().stream()
                    .filter(w -> name.equals(w.topic())).map(WorkflowSpec::name).toList();
            if (!users.isEmpty()) {
                return new ChangeOutcome.InUse(name, users);
            }
            Map<String, TopicSpec> topics = new LinkedHashMap<>(previous.topics());
            topics.remove(name);
            return change(previous, with(previous, topics, previous.workflows()), Rollout.Order.UPSTREAM_FIRST, false,
                    "removed topic '" + name + "'");
        } finally {
            changeLock.unlock();
        }
    }

    private ChangeOutcome change(Deployment previous, Deployment next, Rollout.Order order, boolean created,
                                 String what) throws InterruptedException {
        return switch (rollout.apply(previous, next, order)) {
            case Rollout.Result.Done() -> {
                try {
                    saver.save(next);
                } catch (IOException e) {
                    yield notSaved(previous, next, order, what, e);
                }
                current = next;
                LOG.log(System.Logger.Level.INFO, what + " on every component");
                yield new ChangeOutcome.Applied(next, created);
            }
            case Rollout.Result.Failed(ComponentSpec component, PushOutcome outcome, List<String> rollbackFailures) ->
                    new ChangeOutcome.NotApplied(component, outcome, rollbackFailures);
        };
    }

    /** Every component took {@code next}, which cannot be saved: take them all back to {@code previous}. */
    private ChangeOutcome notSaved(Deployment previous, Deployment next, Rollout.Order order, String what, IOException e)
            throws InterruptedException {
        String reason = "the state file cannot be written: " + e.getMessage();
        LOG.log(System.Logger.Level.ERROR, what + " not kept: " + reason + "; taking every component back");
        Rollout.Order back = order == Rollout.Order.DOWNSTREAM_FIRST ? Rollout.Order.UPSTREAM_FIRST : Rollout.Order.DOWNSTREAM_FIRST;
        List<String> failures = rollout.pushToAll(previous, back);
        return new ChangeOutcome.NotSaved(reason, failures);
    }

    private static Deployment with(Deployment d, Map<String, TopicSpec> topics, Map<String, WorkflowSpec> workflows) {
        return new Deployment(d.name(), d.controller(), d.levels(), d.brokers(), d.triggers(), d.invokers(), topics, workflows);
    }
}
