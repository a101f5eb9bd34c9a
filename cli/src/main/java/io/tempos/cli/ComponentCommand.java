package io.tempos.cli;

import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tempos broker|trigger|invoker --config FILE --id NAME}: one component as its own process;
 * a broker also runs the triggers placed inside it ({@code placement = "in-broker"}).
 */
@Command(mixinStandardHelpOptions = true, description = "Runs one component of the deployment in this process until stopped.")
final class ComponentCommand implements Callable<Integer> {

    private final Role role;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EventLogOption eventLog = new EventLogOption();

    @Option(names = {"-c", "--config"}, required = true, description = "The deployment's TOML file.")
    Path config;

    @Option(names = "--id", required = true, description = "The component's name in the deployment.")
    String id;

    ComponentCommand(Role role) {
        this.role = role;
    }

    @Override
    public Integer call() throws Exception {
        Deployment deployment = ConfigOption.load(spec, config);
        eventLog.apply();
        if (!role.ids(deployment).contains(id)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no " + role.command() + " named '" + id + "' in " + config + "; " + role.command() + "s: " + role.ids(deployment));
        }
        List<Component> components;
        try {
            components = role.startProcess(deployment, id);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            components.reversed().forEach(Component::close);
            stopped.countDown();
        }));
        System.out.println(role.command() + " " + id + " running" + (components.size() > 1
                ? " with " + components.subList(1, components.size()).stream().map(c -> "trigger " + c.id()).toList() + " inside"
                : "") + "; stop with Ctrl-C");
        stopped.await();
        return 0;
    }
}
