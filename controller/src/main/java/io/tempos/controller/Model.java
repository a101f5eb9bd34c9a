package io.tempos.controller;

import io.tempos.core.component.ConfigDocument;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.DeploymentValidator;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.qos.LevelChanges;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The authoritative model: the deployment every component runs. Readers take the current
 * deployment without locking. Changes, start-up pushes and re-pushes to a restarted component
 * hold one lock from validation to the last component's answer (and the state file's write), so
 * that changes apply one at a time and a component never receives an older deployment after a
 * newer one. Only management threads take the lock: the controller has no event path.
 *
 * <p>Every deployment has a version (see {@link #nextVersion}), pushed with it; once every
 * component took a change, it is published on every broker's {@code $config} topic, from which
 * a component that restarts gets it back without the controller.
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
    /** The version of {@link #current}, pushed and published with it; written with the change lock held. */
    private volatile long currentVersion;

    Model(Deployment initial, ComponentClient client, Saver saver) {
        this.current = initial;
        this.currentVersion = nextVersion(0);
        this.client = client;
        this.rollout = new Rollout(client);
        this.saver = saver;
    }

    Deployment current() {
        return current;
    }

    /** The version of the current deployment, as pushed to components and published on the brokers' {@code $config}. */
    long currentVersion() {
        return currentVersion;
    }

    /**
     * The version after {@code last}: the larger of {@code last + 1} and the time in microseconds
     * since the epoch, so that versions grow across controller restarts (and {@code --reset-state})
     * without being saved; a broker that retains a larger one (a clock that ran ahead) is
     * answered by {@link #publishTo} going above it.
     */
    static long nextVersion(long last) {
        Instant now = Instant.now();
        return Math.max(last + 1, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
    }

    /** Pushes the current deployment to one component (a start-up attempt); a broker that takes it also gets it on its {@code $config} topic. */
    PushOutcome pushCurrent(ComponentSpec component) throws InterruptedException {
        return locked(() -> pushCurrentLocked(component));
    }

    private PushOutcome pushCurrentLocked(ComponentSpec component) throws InterruptedException {
        PushOutcome outcome = client.push(component, currentDocument());
        if (outcome instanceof PushOutcome.Accepted && component instanceof BrokerSpec broker) {
            publishTo(broker);
        }
        return outcome;
    }

    /**
     * Publishes the current deployment on {@code broker}'s {@code $config} topic when the broker
     * retains another version (it restarted without a state dir, missed a publish, or holds one
     * of an earlier controller). Asks the broker first without the lock: most calls find it up
     * to date and take nothing.
     */
    void publishIfBehind(BrokerSpec broker) throws InterruptedException {
        long retained = client.retainedVersion(broker, HealthPoller.PROBE_TIMEOUT);
        if (retained < 0 || retained == currentVersion) {
            return;
        }
        locked(() -> {
            if (client.retainedVersion(broker, HealthPoller.PROBE_TIMEOUT) != currentVersion) {
                publishTo(broker);
            }
            return null;
        });
    }

    private ConfigDocument currentDocument() {
        return new ConfigDocument(currentVersion, DeploymentJson.write(current));
    }

    /**
     * Publishes the current deployment on {@code broker}'s {@code $config} topic; called with the
     * change lock held, after the components took it. A failure is logged, not undone: the
     * components run the deployment already, the topic is how restarted ones catch up, and the
     * health poller publishes again when it finds the broker behind.
     */
    private void publishTo(BrokerSpec broker) throws InterruptedException {
        String who = ComponentClient.describe(broker);
        ComponentClient.Published published = client.publish(broker, currentDocument());
        if (published instanceof ComponentClient.Published.Stale(long retained)) {
            // Only a controller whose clock ran ahead can have published it; this model is the newer.
            currentVersion = nextVersion(Math.max(retained, currentVersion));
            LOG.log(System.Logger.Level.WARNING, who + " retains " + ConfigDocument.TOPIC + " version " + retained
                    + ", newer than this controller's; publishing the current deployment as version " + currentVersion);
            published = client.publish(broker, currentDocument());
        }
        switch (published) {
            case ComponentClient.Published.Retained r -> LOG.log(System.Logger.Level.DEBUG, "published version " + currentVersion
                    + " on the " + ConfigDocument.TOPIC + " topic of " + who);
            case ComponentClient.Published.Stale(long retained) -> LOG.log(System.Logger.Level.WARNING, who + " still retains "
                    + ConfigDocument.TOPIC + " version " + retained + "; trying again at the next health poll");
            case ComponentClient.Published.Failed(String reason) -> LOG.log(System.Logger.Level.WARNING, "could not publish the deployment on the "
                    + ConfigDocument.TOPIC + " topic of " + who + ": " + reason + "; trying again when the health poller finds it behind");
        }
    }

    /**
     * Pushes the current deployment to one component if {@code stillNeeded}, asked with the
     * change lock held so that no push or change slips in between the question and the push.
     *
     * @return the component's answer, or null when the push was no longer needed
     */
    PushOutcome pushCurrentIf(ComponentSpec component, BooleanSupplier stillNeeded) throws InterruptedException {
        return locked(() -> stillNeeded.getAsBoolean() ? pushCurrentLocked(component) : null);
    }

    /**
     * Adds or replaces {@code workflow} on every component.
     *
     * @param createOnly refuse with {@link ChangeOutcome.AlreadyExists} when the name is taken
     */
    ChangeOutcome putWorkflow(WorkflowSpec workflow, boolean createOnly) throws InterruptedException {
        return changeCurrent(previous -> {
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
        });
    }

    /** Removes the workflow {@code name} from every component. */
    ChangeOutcome removeWorkflow(String name) throws InterruptedException {
        return changeCurrent(previous -> {
            if (!previous.workflows().containsKey(name)) {
                return new ChangeOutcome.NotFound("workflow", name);
            }
            Map<String, WorkflowSpec> workflows = new LinkedHashMap<>(previous.workflows());
            workflows.remove(name);
            return change(previous, with(previous, previous.topics(), workflows), Rollout.Order.UPSTREAM_FIRST, false,
                    "removed workflow '" + name + "'");
        });
    }

    /**
     * Adds or replaces {@code topic} on every component. The whole next deployment is validated,
     * which catches a new level that its workflows do not share and subscribers that do not exist
     * or lack the level's port. Components hear of it downstream first when it adds a topic or
     * subscriber (invokers know it before the broker routes to them), upstream first when it only
     * removes subscribers (the broker stops routing before the invokers forget).
     */
    ChangeOutcome putTopic(TopicSpec topic, boolean createOnly) throws InterruptedException {
        return changeCurrent(previous -> {
            TopicSpec old = previous.topics().get(topic.name());
            if (old != null && createOnly) {
                return new ChangeOutcome.AlreadyExists("topic", topic.name());
            }
            boolean adds = old == null || !new HashSet<>(old.subscribers()).containsAll(topic.subscribers());
            return validatedChange(previous, previous.withTopic(topic), adds ? Rollout.Order.DOWNSTREAM_FIRST : Rollout.Order.UPSTREAM_FIRST,
                    old == null, (old == null ? "added" : "replaced") + " topic '" + topic.name() + "'");
        });
    }

    /**
     * Replaces the level of {@code level}'s name: its threads' scheduling changes live on every
     * component; a change to anything a component built at start is refused here, naming the key.
     */
    ChangeOutcome putLevel(QosLevel level) throws InterruptedException {
        return changeCurrent(previous -> {
            if (!previous.levels().containsKey(level.name())) {
                return new ChangeOutcome.NotFound("level", level.name());
            }
            List<String> refused = LevelChanges.between(previous.levels(), Map.of(level.name(), level), Set.of(level.name())).refused();
            if (!refused.isEmpty()) {
                return new ChangeOutcome.Invalid(refused);
            }
            return validatedChange(previous, previous.withLevel(level), Rollout.Order.UPSTREAM_FIRST, false,
                    "changed level '" + level.name() + "'");
        });
    }

    /** Removes the topic {@code name}, refused while a workflow uses it. */
    ChangeOutcome removeTopic(String name) throws InterruptedException {
        return changeCurrent(previous -> {
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
        });
    }

    /** Decides a change against {@code previous}, the current deployment: a refusal, or {@link #change}'s outcome. */
    @FunctionalInterface
    private interface Change {
        ChangeOutcome decide(Deployment previous) throws InterruptedException;
    }

    /** Work done with the change lock held. */
    @FunctionalInterface
    private interface Locked<T> {
        T run() throws InterruptedException;
    }

    private <T> T locked(Locked<T> work) throws InterruptedException {
        changeLock.lockInterruptibly();
        try {
            return work.run();
        } finally {
            changeLock.unlock();
        }
    }

    /** Takes the change lock and decides {@code change} against the current deployment. */
    private ChangeOutcome changeCurrent(Change change) throws InterruptedException {
        return locked(() -> change.decide(current));
    }

    /** {@link #change} when the whole of {@code next} is valid, else its problems. */
    private ChangeOutcome validatedChange(Deployment previous, Deployment next, Rollout.Order order, boolean created,
                                          String what) throws InterruptedException {
        List<String> problems = DeploymentValidator.validate(next);
        return problems.isEmpty() ? change(previous, next, order, created, what) : new ChangeOutcome.Invalid(problems);
    }

    private ChangeOutcome change(Deployment previous, Deployment next, Rollout.Order order, boolean created,
                                 String what) throws InterruptedException {
        long nextVersion = nextVersion(currentVersion);
        return switch (rollout.apply(previous, currentVersion, next, nextVersion, order)) {
            case Rollout.Result.Done() -> {
                try {
                    saver.save(next);
                } catch (IOException e) {
                    yield notSaved(previous, next, order, what, e);
                }
                current = next;
                currentVersion = nextVersion;
                LOG.log(System.Logger.Level.INFO, what + " on every component");
                for (BrokerSpec broker : next.brokers().values()) {
                    publishTo(broker);
                }
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
        List<String> failures = rollout.pushToAll(previous, currentVersion, back);
        return new ChangeOutcome.NotSaved(reason, failures);
    }

    private static Deployment with(Deployment d, Map<String, TopicSpec> topics, Map<String, WorkflowSpec> workflows) {
        return new Deployment(d.name(), d.controller(), d.levels(), d.brokers(), d.triggers(), d.invokers(), topics, workflows);
    }
}
