package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives every component its first configuration. Components are often separate processes that
 * start after the controller, so each one is tried again, with a growing pause, until it
 * answers or the start-up deadline passes. One virtual thread per component, so a slow one
 * does not hold back the others. Each attempt pushes the model's current deployment under its
 * change lock: a change accepted meanwhile is never overwritten by an older deployment.
 */
final class StartupPush {

    private static final System.Logger LOG = System.getLogger(StartupPush.class.getName());
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration MAX_PAUSE = Duration.ofMillis(500);
    /** How often a component still missing is named in the log. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final Model model;
    private final Duration timeout;
    private final long deadlineNs;
    /** Components not configured yet, by id, with what they last said. */
    private final Map<String, String> waitingFor = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CompletableFuture<Void> finished;

    private StartupPush(Model model, Duration timeout) {
        this.model = model;
        this.timeout = timeout;
        this.deadlineNs = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (ComponentSpec component : Rollout.components(model.current(), Rollout.Order.DOWNSTREAM_FIRST)) {
            waitingFor.put(component.id(), ComponentClient.describe(component) + " (not asked yet)");
            CompletableFuture<Void> done = new CompletableFuture<>();
            each.add(done);
            threads.add(Thread.ofVirtual().name("startup-push-" + component.id()).unstarted(() -> {
                try {
                    configure(component);
                } finally {
                    done.complete(null);
                }
            }));
        }
        this.finished = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /** Starts pushing to every component of the model; returns at once. */
    static StartupPush begin(Model model, Duration timeout) {
        StartupPush push = new StartupPush(model, timeout);
        LOG.log(System.Logger.Level.INFO, "pushing deployment '" + model.current().name() + "' to "
                + push.threads.size() + " component(s), waiting up to " + seconds(timeout) + " for each to answer");
        push.threads.forEach(Thread::start);
        return push;
    }

    /**
     * Waits until every component has answered or given up.
     *
     * @throws PushException naming every component that refused or never answered, or, when
     *                       {@code timeout} passes first, those still awaited
     */
    void await(Duration timeout) throws PushException, InterruptedException {
        try {
            finished.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            List<String> problems = new ArrayList<>(failures);
            waitingFor.values().forEach(w -> problems.add("still waiting for " + w));
            throw new PushException("start-up push not finished after " + seconds(timeout), problems);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a start-up push thread failed", e.getCause());
        }
        if (!failures.isEmpty()) {
            throw new PushException("start-up push failed", failures);
        }
    }

    /** Whether the start-up push is still working on component {@code id}. */
    boolean pending(String id) {
        return waitingFor.containsKey(id);
    }

    /** Stops the attempts still running; the components keep whatever they were given. */
    void cancel() {
        threads.forEach(Thread::interrupt);
    }

    private void configure(ComponentSpec component) {
        String who = ComponentClient.describe(component);
        Duration pause = FIRST_PAUSE;
        long startNs = System.nanoTime();
        long nextProgressNs = startNs;
        try {
            for (int attempt = 1; ; attempt++) {
                PushOutcome outcome = model.pushCurrent(component);
                long nowNs = System.nanoTime();
                switch (outcome) {
                    case PushOutcome.Accepted a -> {
                        waitingFor.remove(component.id());
                        LOG.log(System.Logger.Level.INFO, "configured " + who + (attempt == 1 ? ""
                                : " after " + attempt + " attempts, " + seconds(Duration.ofNanos(nowNs - startNs))));
                        return;
                    }
                    case PushOutcome.Refused r -> {
                        fail(component, who + " refused the configuration: " + r.reason());
                        return;
                    }
                    case PushOutcome.Unavailable u -> {
                        waitingFor.put(component.id(), who + " (" + u.reason() + ")");
                        long leftNs = deadlineNs - nowNs;
                        if (leftNs <= 0) {
                            fail(component, who + " did not answer within " + seconds(timeout) + ": " + u.reason());
                            return;
                        }
                        if (nowNs - nextProgressNs >= 0) {
                            LOG.log(System.Logger.Level.INFO, "waiting for " + who + "… (" + u.reason() + "; "
                                    + seconds(Duration.ofNanos(leftNs)) + " left)");
                            nextProgressNs = nowNs + PROGRESS_EVERY.toNanos();
                        }
                        Thread.sleep(Math.min(pause.toMillis(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs))));
                        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                    }
                }
            }
        } catch (InterruptedException e) {
            // the controller is closing
            Thread.currentThread().interrupt();
        }
    }

    private void fail(ComponentSpec component, String failure) {
        waitingFor.remove(component.id());
        failures.add(failure);
        LOG.log(System.Logger.Level.ERROR, failure);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
