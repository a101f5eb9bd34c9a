package io.tempos.cli.testbed;

import io.tempos.cli.ConfigOption;
import io.tempos.cli.testbed.Topology.Host;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tempos testbed up}: creates the testbed, starts every component in its host, and keeps
 * it running until Ctrl-C (or until a component exits), then removes it all.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Creates the testbed hosts and links, starts every component in its host, runs until Ctrl-C, then removes everything.")
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TestbedOptions options;

    @Option(names = "--no-classes", description = "One htb class per link (one FIFO) instead of a class per QoS level.")
    boolean noClasses;

    @Override
    public Integer call() throws Exception {
        Deployment template = ConfigOption.load(spec, options.config);
        LinkShaping shaping = Runs.shaping(spec, options.linkRate, !noClasses);
        Path dir = Runs.workDir(options.workDir);
        Topology topology = Runs.topology(spec, options.invokers);
        try (Testbed testbed = Testbed.create(topology, shaping, dir)) {
            Path file = TestbedDeployer.deploy(testbed, template, dir);
            Map<String, Process> components = testbed.processes();
            Runs.awaitReady(testbed, file, dir);
            Deployment deployment = ConfigLoader.load(file);
            System.out.println("testbed up: " + shaping.describe() + "; deployment " + file + ", logs in " + dir);
            for (Host host : topology.hosts()) {
                System.out.printf("  %-10s %-15s netns %s%n", host.name(), host.address(), host.namespace());
            }
            var trigger = deployment.triggers().values().iterator().next();
            System.out.println("send events from the trigger host, e.g.");
            System.out.printf("  printf 'door-lock\\n{\"message\":\"door door\",\"pattern\":\"door\"}' | ip netns exec %s nc -u -w0 %s %d%n",
                    topology.trigger().namespace(), trigger.host(), trigger.udpPorts().values().iterator().next());
            System.out.printf("  ip netns exec %s tc -s class show dev %s      # packets per traffic class%n", topology.trigger().namespace(), Topology.DEVICE);
            System.out.println("stop with Ctrl-C (removes the namespaces, links and processes)");
            return awaitFirstExit(components, dir);
        }
    }

    /** Blocks until a component exits (Ctrl-C ends the JVM, and the testbed's shutdown hook cleans up). */
    private static int awaitFirstExit(Map<String, Process> components, Path dir) throws InterruptedException {
        while (true) {
            for (Map.Entry<String, Process> component : components.entrySet()) {
                if (component.getValue().waitFor(200, TimeUnit.MILLISECONDS)) {
                    System.err.println(component.getKey() + " exited (code " + component.getValue().exitValue() + "): see "
                            + dir.resolve(component.getKey() + ".log") + "; removing the testbed");
                    return 1;
                }
            }
        }
    }
}
