package io.tempos.cli;

import io.tempos.broker.Broker;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.invoker.Invoker;
import io.tempos.trigger.Trigger;

import io.tempos.core.config.TriggerPlacement;
import io.tempos.core.config.TriggerSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The component roles a process can run, and how each starts. */
enum Role {
    BROKER("broker"),
    TRIGGER("trigger"),
    INVOKER("invoker");

    private final String command;

    Role(String command) {
        this.command = command;
    }

    String command() {
        return command;
    }

    Set<String> ids(Deployment deployment) {
        return switch (this) {
            case BROKER -> deployment.brokers().keySet();
            case TRIGGER -> deployment.triggers().keySet();
            case INVOKER -> deployment.invokers().keySet();
        };
    }

    /**
     * Starts what the process of component {@code id} runs: the component, and for a broker every
     * trigger placed inside it ({@code placement = "in-broker"}, placement C), in this JVM.
     * A failure closes whatever had started. The broker comes first in the list.
     */
    List<Component> startProcess(Deployment deployment, String id) throws IOException {
        if (this == TRIGGER && deployment.triggers().get(id).placement() == TriggerPlacement.IN_BROKER) {
            throw new IllegalArgumentException("trigger " + id + " has placement in-broker: it runs inside its broker's process, "
                    + "started by 'tempos broker --id " + deployment.triggers().get(id).broker() + "'");
        }
        List<Component> started = new ArrayList<>();
        try {
            started.add(start(deployment, id));
            if (this == BROKER) {
                for (TriggerSpec trigger : deployment.triggers().values()) {
                    if (trigger.placement() == TriggerPlacement.IN_BROKER && id.equals(trigger.broker())) {
                        started.add(Trigger.start(deployment, trigger.id()));
                    }
                }
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.reversed().forEach(Component::close);
            throw e;
        }
    }

    Component start(Deployment deployment, String id) throws IOException {
        return switch (this) {
            case BROKER -> Broker.start(deployment, id);
            case TRIGGER -> Trigger.start(deployment, id);
            case INVOKER -> Invoker.start(deployment, id);
        };
    }
}
