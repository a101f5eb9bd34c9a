package io.tempos.controller;

import io.tempos.core.component.ConfigDocument;
import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes every component of a deployment from one configuration to the next, all or none: it
 * pushes the next deployment to one component after another and, at the first that refuses
 * or cannot be reached, pushes the previous deployment back to those that had accepted.
 * Called with the model's change lock held, so two rollouts never interleave.
 */
final class Rollout {

    private static final System.Logger LOG = System.getLogger(Rollout.class.getName());

    /** The order in which components hear of a change. */
    enum Order {
        /**
         * Invokers, then brokers, then triggers: for an addition, everything behind a trigger
         * knows the workflow before the trigger accepts its events.
         */
        DOWNSTREAM_FIRST,
        /** Triggers, then brokers, then invokers: for a removal, events stop at the source first. */
        UPSTREAM_FIRST
    }

    /** How a rollout ended. */
    sealed interface Result {
        /** Every component runs the next deployment. */
        record Done() implements Result {
        }

        /**
         * {@code component} did not take the next deployment, so nothing changed; except on the
         * components named in {@code rollbackFailures}, which kept the next deployment because
         * the previous one could not be pushed back to them.
         */
        record Failed(ComponentSpec component, PushOutcome outcome, List<String> rollbackFailures) implements Result {
        }
    }

    private final ComponentClient client;

    Rollout(ComponentClient client) {
        this.client = client;
    }

    /**
     * Takes every component from {@code previous} to {@code next}; each deployment goes with its
     * version, so that a component's {@code $config} subscription never undoes the push.
     */
    Result apply(Deployment previous, long previousVersion, Deployment next, long nextVersion, Order order) throws InterruptedException {
        ConfigDocument nextDocument = new ConfigDocument(nextVersion, DeploymentJson.write(next));
        List<ComponentSpec> accepted = new ArrayList<>();
        for (ComponentSpec component : components(next, order)) {
            PushOutcome outcome = client.push(component, nextDocument);
            if (!(outcome instanceof PushOutcome.Accepted)) {
                LOG.log(System.Logger.Level.WARNING, ComponentClient.describe(component) + " did not take the change ("
                        + outcome.summary() + "); rolling back " + accepted.size() + " component(s)");
                return new Result.Failed(component, outcome, rollBack(previous, previousVersion, accepted));
            }
            accepted.add(component);
        }
        return new Result.Done();
    }

    /**
     * Pushes {@code d} to every component in {@code order}, on past failures: a way back when
     * there is nothing better to do.
     *
     * @return one line per component that did not take it
     */
    List<String> pushToAll(Deployment d, long version, Order order) throws InterruptedException {
        ConfigDocument document = new ConfigDocument(version, DeploymentJson.write(d));
        List<String> failures = new ArrayList<>();
        for (ComponentSpec component : components(d, order)) {
            PushOutcome outcome = client.push(component, document);
            if (!(outcome instanceof PushOutcome.Accepted)) {
                failures.add(ComponentClient.describe(component) + " kept the new configuration: " + outcome.summary());
            }
        }
        return failures;
    }

    /** Every component of {@code d}, in {@code order}. */
    static List<ComponentSpec> components(Deployment d, Order order) {
        List<ComponentSpec> all = new ArrayList<>();
        all.addAll(d.invokers().values());
        all.addAll(d.brokers().values());
        all.addAll(d.triggers().values());
        return order == Order.DOWNSTREAM_FIRST ? all : all.reversed();
    }

    /** Pushes {@code previous} to every component of {@code accepted}; returns the failures. */
    private List<String> rollBack(Deployment previous, long previousVersion, List<ComponentSpec> accepted) throws InterruptedException {
        ConfigDocument previousDocument = new ConfigDocument(previousVersion, DeploymentJson.write(previous));
        List<String> failures = new ArrayList<>();
        for (ComponentSpec component : accepted.reversed()) {
            PushOutcome outcome = client.push(component, previousDocument);
            if (!(outcome instanceof PushOutcome.Accepted)) {
                String failure = ComponentClient.describe(component) + " kept the new configuration, the rollback failed: " + outcome.summary();
                LOG.log(System.Logger.Level.ERROR, failure + "; it now runs a configuration the controller does not hold");
                failures.add(failure);
            }
        }
        return failures;
    }
}
