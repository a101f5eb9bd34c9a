package io.tempos.cli;

import io.tempos.bench.LocalDeployment;
import io.tempos.core.config.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tempos up FILE}: the whole deployment in this JVM until stopped. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs every component of the deployment (controller, brokers, invokers, triggers) in this JVM.",
                "Changes made through the API are saved in [controller] state-dir and run again at the next start."})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EventLogOption eventLog = new EventLogOption();

    @Parameters(paramLabel = "FILE", description = "The deployment's TOML file.")
    Path config;

    @Option(names = "--reset-state", description = "Start from FILE's topics and workflows; the saved model is kept beside as a .bak file.")
    boolean resetState;

    @Override
    public Integer call() throws Exception {
        Deployment deployment = ConfigOption.load(spec, config);
        eventLog.apply();
        CountDownLatch stopped = new CountDownLatch(1);
        LocalDeployment started;
        try {
            started = LocalDeployment.start(deployment, controller -> controller.persistent().resetState(resetState));
        } catch (IOException e) {
            spec.commandLine().getErr().println("tempos up: " + e.getMessage());
            return 1;
        }
        try (LocalDeployment local = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                local.close();
                stopped.countDown();
            }));
            System.out.println("deployment " + deployment.name() + " up: controller on http://" + deployment.controller().host()
                    + ":" + deployment.controller().port() + " (tempos ls|deploy|rm|status|invoke; state in "
                    + deployment.controller().stateDir() + "); stop with Ctrl-C");
            deployment.triggers().values().forEach(t -> System.out.println("  trigger " + t.id() + ": UDP " + t.udpPorts()
                    + " (datagram \"<workflow>\\n<payload>\"), HTTP " + t.httpPorts() + " (POST /workflows/<name>, or a CloudEvent to /)"
                    + (t.udsPaths().isEmpty() ? "" : ", Unix sockets " + t.udsPaths())
                    + (t.mqtt() == null ? "" : ", MQTT " + t.mqtt().url())
                    + (t.nats() == null ? "" : ", NATS " + t.nats().url())));
            stopped.await();
        }
        return 0;
    }
}
