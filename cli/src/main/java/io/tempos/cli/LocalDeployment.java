package io.tempos.cli;

import io.tempos.controller.Controller;
import io.tempos.controller.PushException;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every component of a deployment in this one JVM — brokers, invokers, triggers, then the
 * controller, which pushes the configuration to them over their management endpoints exactly as
 * it does to separate processes. Same code, same sockets on loopback.
 */
final class LocalDeployment implements AutoCloseable {

    private static final Duration STARTUP_PUSH = Duration.ofSeconds(10);

    private final List<Component> components = new ArrayList<>();
    private Controller controller;

    /** Every component and a controller that keeps its model in memory. */
    static LocalDeployment start(Deployment deployment) throws IOException {
        return start(deployment, UnaryOperator.identity());
    }

    /** Every component and a controller set up by {@code controllerSettings} (state dir, token, …). */
    static LocalDeployment start(Deployment deployment, UnaryOperator<Controller.Builder> controllerSettings) throws IOException {
        LocalDeployment local = new LocalDeployment();
        try {
            for (String id : deployment.brokers().keySet()) {
                local.components.add(Role.BROKER.start(deployment, id));
            }
            for (String id : deployment.invokers().keySet()) {
                local.components.add(Role.INVOKER.start(deployment, id));
            }
            for (String id : deployment.triggers().keySet()) {
                local.components.add(Role.TRIGGER.start(deployment, id));
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

    Controller controller() {
        return controller;
    }

    List<ComponentSnapshot> snapshots() {
        return components.stream().map(Component::stats).toList();
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
        components.reversed().forEach(Component::close);
    }
}
