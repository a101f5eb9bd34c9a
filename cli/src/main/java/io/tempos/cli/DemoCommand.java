package io.tempos.cli;

import io.tempos.bench.LocalDeployment;
import io.tempos.bench.PacedSender;
import io.tempos.bench.WorkflowTally;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentSnapshot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tempos demo}: runs the example deployment in this JVM, drives every workflow of the
 * load profile with a paced flow of datagrams, shows progress each second, and prints what
 * became of every event.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the example hotel deployment under load and prints latencies per workflow.")
final class DemoCommand implements Callable<Integer> {

    /** After the load stops, the demo waits for in-flight events at most this long. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    /** In-flight events have landed when no count has moved for this long. */
    private static final Duration QUIET = Duration.ofMillis(500);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EventLogOption eventLog = new EventLogOption();

    @Option(names = {"-c", "--config"}, defaultValue = "examples/hotel/tempos.toml", description = "Deployment file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = {"-l", "--load"}, description = "Load profile (default: load.toml beside the deployment file).")
    Path load;

    @Option(names = {"-d", "--duration"}, description = "Seconds of load (default: the profile's duration-s).")
    Integer durationS;

    @Option(names = {"-w", "--warmup"}, defaultValue = "3", description = "Seconds of the same load on a first deployment, "
            + "not measured, so that the measured run starts with compiled code (default: ${DEFAULT-VALUE}).")
    int warmupS;

    @Override
    public Integer call() throws Exception {
        Deployment deployment = ConfigOption.load(spec, config);
        eventLog.apply();
        LoadProfile profile = LoadProfile.load(load != null ? load : config.toAbsolutePath().getParent().resolve("load.toml"));
        if (durationS != null) {
            profile = profile.withDuration(durationS);
        }
        TriggerSpec trigger = deployment.triggers().values().stream().findFirst().orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), config + " has no trigger to send events to"));
        DemoReport report = new DemoReport(System.out);
        if (warmupS > 0) {
            warmUp(deployment, profile, trigger);
        }
        try (LocalDeployment local = LocalDeployment.start(deployment)) {
            Map<String, PacedSender> senders = startFlows(deployment, profile, trigger);
            CpuMeter cpu = new CpuMeter();
            double cpuSum = 0;
            for (int second = 1; second <= profile.durationS(); second++) {
                Thread.sleep(1_000);
                double cpuNow = cpu.percentSinceLast();
                cpuSum += cpuNow;
                report.progress(second, profile.durationS(), tallies(deployment, senders, local.snapshots()), cpuNow, cpu.cpus());
            }
            for (PacedSender sender : senders.values()) {
                sender.close();
            }
            local.awaitQuiet(QUIET, DRAIN);
            report.results(tallies(deployment, senders, local.snapshots()), cpuSum / profile.durationS(), cpu.cpus(), profile.durationS());
        }
        return 0;
    }

    /**
     * Runs the load for {@link #warmupS} on a deployment that is then closed: the JIT compiles the
     * event path, and the measured run starts on fresh components with zeroed statistics.
     */
    private void warmUp(Deployment deployment, LoadProfile profile, TriggerSpec trigger) throws Exception {
        System.out.printf("warm-up: %d s of the same load, not measured%n", warmupS);
        try (LocalDeployment warm = LocalDeployment.start(deployment)) {
            Map<String, PacedSender> senders = startFlows(deployment, profile.withDuration(warmupS), trigger);
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupS));
            for (PacedSender sender : senders.values()) {
                sender.close();
            }
        }
        System.out.println("warm-up done; measuring on a fresh deployment");
    }

    private Map<String, PacedSender> startFlows(Deployment deployment, LoadProfile profile, TriggerSpec trigger) throws Exception {
        Map<String, PacedSender> senders = new LinkedHashMap<>();
        for (LoadProfile.Flow flow : profile.flows()) {
            WorkflowSpec workflow = deployment.workflows().get(flow.workflow());
            if (workflow == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "load flow '" + flow.workflow()
                        + "' names no workflow of " + config + "; workflows: " + deployment.workflows().keySet());
            }
            Integer port = trigger.udpPorts().get(workflow.level());
            if (port == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "trigger " + trigger.id() + " has no UDP port for level " + workflow.level());
            }
            System.out.printf("flow %-18s %,7d events/s of %,6d bytes -> trigger %s UDP %d (%s)%n", flow.workflow(), flow.ratePerS(),
                    flow.payload().length, trigger.id(), port, workflow.level());
            senders.put(flow.workflow(), new PacedSender(flow.workflow(), flow.payload(), flow.ratePerS(),
                    deployment.levels().get(workflow.level()), new InetSocketAddress(trigger.host(), port),
                    TimeUnit.SECONDS.toNanos(profile.durationS())));
        }
        return senders;
    }

    private static List<WorkflowTally> tallies(Deployment deployment, Map<String, PacedSender> senders, List<ComponentSnapshot> snapshots) {
        Map<String, Long> sent = new LinkedHashMap<>();
        senders.forEach((name, sender) -> sent.put(name, sender.sent()));
        return WorkflowTally.ofFlows(sent, deployment, snapshots);
    }

    /** The process's CPU use between calls, in percent of one CPU. */
    private static final class CpuMeter {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long lastCpu = os.getProcessCpuTime();
        private long lastWall = System.nanoTime();

        double percentSinceLast() {
            long cpuNow = os.getProcessCpuTime();
            long wallNow = System.nanoTime();
            double percent = 100.0 * (cpuNow - lastCpu) / Math.max(1, wallNow - lastWall);
            lastCpu = cpuNow;
            lastWall = wallNow;
            return percent;
        }

        int cpus() {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
