package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Watches every component through its {@code GET /health}, one virtual thread per component,
 * and gives a component its configuration back without anyone asking: when it says
 * {@code configured: false} (it restarted) or answers again after it could not be reached (it
 * may have missed a change); and publishes the deployment on a broker's {@code $config} topic
 * when the broker retains another version. The decision is taken again with the model's change lock held, so
 * a push that the start-up push or a change made meanwhile is not repeated. A component the
 * start-up push is still working on is left to it.
 *
 * <p>Each component's thread is the only writer of its {@link ComponentHealth}; the REST API
 * reads them.
 */
final class HealthPoller implements AutoCloseable {

    /** Every few seconds: a restarted component runs unconfigured for at most about this long. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(HealthPoller.class.getName());

    private final Model model;
    private final ComponentClient client;
    private final Duration interval;
    private volatile Predicate<String> startupPending = id -> false;
    private final Map<String, ComponentHealth> health = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    /** What one probe found. */
    private sealed interface Probe {
        record Up(boolean configured) implements Probe {
        }

        record Down(String reason) implements Probe {
        }
    }

    private HealthPoller(Model model, ComponentClient client, Duration interval) {
        this.model = model;
        this.client = client;
        this.interval = interval;
        for (ComponentSpec component : Rollout.components(model.current(), Rollout.Order.DOWNSTREAM_FIRST)) {
            health.put(component.id(), ComponentHealth.unknown(component));
        }
    }

    /** A poller for every component of the model, not watching yet: every one's health is unknown. */
    static HealthPoller create(Model model, ComponentClient client, Duration interval) {
        return new HealthPoller(model, client, interval);
    }

    /**
     * Starts watching, one virtual thread per component.
     *
     * @param startupPending whether the start-up push still works on a component, by id
     */
    void start(Predicate<String> startupPending) {
        this.startupPending = startupPending;
        for (ComponentSpec component : Rollout.components(model.current(), Rollout.Order.DOWNSTREAM_FIRST)) {
            threads.add(Thread.ofVirtual().name("health-" + component.id()).start(() -> watch(component)));
        }
    }

    /** The latest health of every component, in the deployment's order (invokers, brokers, triggers). */
    List<ComponentHealth> all() {
        return Rollout.components(model.current(), Rollout.Order.DOWNSTREAM_FIRST).stream()
                .map(c -> health.getOrDefault(c.id(), ComponentHealth.unknown(c))).toList();
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }

    private void watch(ComponentSpec component) {
        String who = ComponentClient.describe(component);
        // The count of pushes it had accepted when it stopped answering; -1 while it answers.
        long acceptedWhenLost = -1;
        Deployment refused = null;
        try {
            while (true) {
                ComponentHealth before = health.get(component.id());
                Probe probe = probe(component);
                switch (probe) {
                    case Probe.Down(String reason) -> {
                        if (before.state() != ComponentHealth.State.DOWN) {
                            LOG.log(System.Logger.Level.WARNING, who + " does not answer on GET /health: " + reason);
                            acceptedWhenLost = client.acceptedPushes(component.id());
                        }
                        health.put(component.id(), before.down(reason));
                    }
                    case Probe.Up(boolean configured) -> {
                        if (before.state() == ComponentHealth.State.DOWN) {
                            LOG.log(System.Logger.Level.INFO, who + " answers again");
                        }
                        long lost = acceptedWhenLost;
                        boolean missedPushes = lost >= 0 && client.acceptedPushes(component.id()) == lost;
                        String lastPush = before.lastPush();
                        boolean nowConfigured = configured;
                        boolean tryAgain = false;
                        Deployment current = model.current();
                        if ((!configured || missedPushes) && current != refused && !startupPending.test(component.id())) {
                            PushOutcome outcome = model.pushCurrentIf(component, () -> stillNeeded(component, lost));
                            if (outcome != null) {
                                lastPush = report(who, configured, outcome);
                                nowConfigured = outcome instanceof PushOutcome.Accepted || configured;
                                refused = outcome instanceof PushOutcome.Refused ? current : null;
                                tryAgain = outcome instanceof PushOutcome.Unavailable;
                            }
                        }
                        if (!tryAgain) {
                            acceptedWhenLost = -1;
                        }
                        if (component instanceof BrokerSpec broker && !startupPending.test(component.id())) {
                            model.publishIfBehind(broker);   // a broker restarted without its state dir, or a publish it missed
                        }
                        health.put(component.id(), before.up(Instant.now(), nowConfigured, lastPush));
                    }
                }
                Thread.sleep(interval);
            }
        } catch (InterruptedException e) {
            // the controller is closing
        }
    }

    /** Asked with the change lock held: does the component still need the deployment? */
    private boolean stillNeeded(ComponentSpec component, long acceptedWhenLost) {
        try {
            return switch (probe(component)) {
                case Probe.Up(boolean configured) -> !configured
                        || (acceptedWhenLost >= 0 && client.acceptedPushes(component.id()) == acceptedWhenLost);
                case Probe.Down d -> false;
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String report(String who, boolean configured, PushOutcome outcome) {
        String why = configured ? "it answers again and may have missed a change" : "it reports no configuration (restarted?)";
        switch (outcome) {
            case PushOutcome.Accepted a -> LOG.log(System.Logger.Level.INFO, "gave " + who + " the current deployment again: " + why);
            case PushOutcome.Refused r -> LOG.log(System.Logger.Level.ERROR, who + " refused the current deployment (" + why
                    + "): " + r.reason() + "; not asking again until the deployment changes");
            case PushOutcome.Unavailable u -> LOG.log(System.Logger.Level.WARNING, "could not give " + who
                    + " the current deployment (" + why + "): " + u.reason() + "; trying again");
        }
        return outcome.summary() + " at " + Instant.now();
    }

    private Probe probe(ComponentSpec component) throws InterruptedException {
        return switch (client.fetch(component, "/health", PROBE_TIMEOUT)) {
            case ComponentClient.Fetched.Failed(String reason) -> new Probe.Down(reason);
            case ComponentClient.Fetched.Answer(String body) -> read(component, body);
        };
    }

    private static Probe read(ComponentSpec component, String body) {
        JsonNode health;
        try {
            health = DeploymentJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return new Probe.Down("GET /health answered something other than JSON");
        }
        String id = health.path("id").asText(null);
        if (id != null && !id.equals(component.id())) {
            return new Probe.Down("the component on that port calls itself '" + id + "', not '" + component.id()
                    + "': is another deployment's component using the port?");
        }
        JsonNode configured = health.get("configured");
        if (configured == null || !configured.isBoolean()) {
            return new Probe.Down("GET /health answered without \"configured\": true|false: " + body);
        }
        return new Probe.Up(configured.asBoolean());
    }
}
