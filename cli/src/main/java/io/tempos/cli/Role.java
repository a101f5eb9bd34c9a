package io.tempos.cli;

import io.tempos.broker.Broker;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.invoker.Invoker;
import io.tempos.trigger.Trigger;

import java.io.IOException;
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

    Component start(Deployment deployment, String id) throws IOException {
        return switch (this) {
            case BROKER -> Broker.start(deployment, id);
            case TRIGGER -> Trigger.start(deployment, id);
            case INVOKER -> Invoker.start(deployment, id);
        };
    }
}
