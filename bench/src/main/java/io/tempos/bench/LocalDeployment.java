package io.tempos.bench;

import io.tempos.broker.Broker;
import io.tempos.controller.Controller;
import io.tempos.controller.PushException;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.invoker.Invoker;
import io.tempos.trigger.Trigger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every component of a deployment in this one JVM — brokers, invokers, triggers, then the
 * controller, which pushes the configuration to them over their management endpoints exactly as
 * it does to separate processes. Same code, same sockets on loopback. Used by {@code tempos up},
 * the demo and the benchmarks.
 */
public final class LocalDeployment implements AutoCloseable {

    private static final Duration STARTUP_PUSH = Duration.ofSeconds(10);
    /** How often {@link #awaitQuiet} looks at the counters. */
    private static final long QUIET_POLL_MILLIS = 100;

    private final List<Component> components = new ArrayList<>();
    private Controller controller;

    private LocalDeployment() {
    }

    /** Starts every component and returns once the controller has configured them all. */
    public static LocalDeployment start(Deployment deployment) throws IOException {
        return start(deployment, UnaryOperator.identity());
    }

    /** Every component and a controller set up by {@code controllerSettings} (state dir, token, …). */
    public static LocalDeployment start(Deployment deployment, UnaryOperator<Controller.Builder> controllerSettings) throws IOException {
        LocalDeployment local = new LocalDeployment();
        try {
            for (String id : deployment.brokers().keySet()) {
                local.components.add(Broker.start(deployment, id));
            }
            for (String id : deployment.invokers().keySet()) {
                local.components.add(Invoker.start(deployment, id));
            }
            for (String id : deployment.triggers().keySet()) {
                local.components.add(Trigger.start(deployment, id));
            }
            local.controller = controllerSettings.apply(Controller.builder(deployment)).start();
            local.controller.awaitPushed(STARTUP_PUSH);
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e;
        } catch (PushException | InterruptedException e) {
            local.close();
            throw new IOException("the controller could not configure every component: " + e.getMessage(), e);
        }
        return local;
    }

    public Controller controller() {
        return controller;
    }

    /** The components, in start order (brokers, invokers, triggers). */
    public List<Component> components() {
        return List.copyOf(components);
    }

    /** Every component's statistics now, in start order (brokers, invokers, triggers). */
    public List<ComponentSnapshot> snapshots() {
        return components.stream().map(Component::stats).toList();
    }

    /**
     * Waits, once the sources have stopped, until events in flight have landed: returns true
     * as soon as no count of any component (received, passed on, completed, dropped, socket
     * drops) has moved for {@code quietFor}, false when still moving after {@code atMost}.
     * Queues drain at thousands of events per second, so a quiet stretch means nothing is left.
     */
    public boolean awaitQuiet(Duration quietFor, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long last = activity();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(QUIET_POLL_MILLIS);
            long now = activity();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietFor.toNanos()) {
                return true;
            }
        }
        return false;
    }

    /** A sum of every count, which moves whenever any event moves anywhere. */
    private long activity() {
        long sum = 0;
        for (ComponentSnapshot component : snapshots()) {
            for (WorkflowSnapshot w : component.workflows()) {
                sum += w.received() + w.forwarded() + w.completed() + w.droppedTotal();
            }
            sum += component.socketDrops().values().stream().mapToLong(Long::longValue).sum();
        }
        return sum;
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
        components.reversed().forEach(Component::close);
    }
}
