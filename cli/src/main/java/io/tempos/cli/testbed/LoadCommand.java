package io.tempos.cli.testbed;

import io.tempos.cli.ConfigOption;
import io.tempos.cli.DemoReport;
import io.tempos.cli.LoadProfile;
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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tempos testbed load} (hidden): the producers of a testbed run, started by
 * {@code testbed run} inside the trigger host's namespace. Waits until every component is
 * configured, drives each workflow of the load profile with a paced flow of datagrams to the
 * trigger, prints progress each second, waits for in-flight events, and writes every
 * workflow's tally (from the components' {@code GET /stats}) as JSON to {@code --out}.
 */
@Command(name = "load", hidden = true, mixinStandardHelpOptions = true,
        description = "Drives a deployment's trigger with a load profile and writes per-workflow results (used by `testbed run`).")
final class LoadCommand implements Callable<Integer> {

    private static final Duration READY_LIMIT = Duration.ofSeconds(90);
    /** Draining ends when nothing changed for this long (the rest is lost), or at {@link #DRAIN_LIMIT_NANOS}. */
    private static final long DRAIN_STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(90);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The deployment file.")
    Path config;

    @Option(names = {"-l", "--load"}, required = true, description = "The load profile.")
    Path load;

    @Option(names = {"-d", "--duration"}, description = "Seconds of load (default: the profile's).")
    Integer durationS;

    @Option(names = "--rate", description = "Events/s of a workflow, overriding the profile: WORKFLOW=N (repeatable).")
    Map<String, Integer> rates = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "Where to write the results (JSON).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Deployment deployment = ConfigOption.load(spec, config);
        LoadProfile profile = withRates(LoadProfile.load(load), rates);
        if (durationS != null) {
            profile = profile.withDuration(durationS);
        }
        TriggerSpec trigger = deployment.triggers().values().stream().findFirst().orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), config + " has no trigger"));
        ManagementClient management = new ManagementClient(deployment);
        management.awaitConfigured(READY_LIMIT);

        Map<String, PacedSender> senders = new LinkedHashMap<>();
        DemoReport report = new DemoReport(System.out);
        try {
            for (LoadProfile.Flow flow : profile.flows()) {
                WorkflowSpec workflow = deployment.workflows().get(flow.workflow());
                if (workflow == null || !trigger.udpPorts().containsKey(workflow.level())) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "load flow '" + flow.workflow()
                            + "' names no workflow with a trigger UDP port; workflows: " + deployment.workflows().keySet());
                }
                InetSocketAddress target = new InetSocketAddress(trigger.host(), trigger.udpPorts().get(workflow.level()));
                System.out.printf("flow %-18s %,7d events/s of %,6d bytes -> trigger %s %s (%s)%n", flow.workflow(), flow.ratePerS(),
                        flow.payload().length, trigger.id(), target, workflow.level());
                senders.put(flow.workflow(), new PacedSender(flow.workflow(), flow.payload(), flow.ratePerS(), deployment.levels().get(workflow.level()), target,
                        TimeUnit.SECONDS.toNanos(profile.durationS())));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            int cpus = Runtime.getRuntime().availableProcessors();
            for (int second = 1; second <= profile.durationS(); second++) {
                Thread.sleep(1_000);
                try {
                    report.progress(second, profile.durationS(), tallies(deployment, senders, management.snapshots()),
                            Math.max(0, os.getCpuLoad()) * cpus * 100, cpus);
                } catch (IOException e) {
                    System.out.printf("[%2d/%d s] stats not available: %s%n", second, profile.durationS(), e.getMessage());
                }
            }
        } finally {
            for (PacedSender sender : senders.values()) {
                sender.close();
            }
        }
        List<WorkflowTally> tallies = drain(deployment, senders, management);
        Files.writeString(out, RunResults.MAPPER.writeValueAsString(tallies));
        return 0;
    }

    /** Waits until every sent event is delivered or dropped, or until nothing changes for a while; returns the final tallies. */
    private static List<WorkflowTally> drain(Deployment deployment, Map<String, PacedSender> senders, ManagementClient management)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long lastChange = start;
        long previous = -1;
        while (true) {
            List<WorkflowTally> tallies = snapshotTallies(deployment, senders, management);
            long open = tallies.stream().mapToLong(WorkflowTally::unaccounted).sum();
            long now = System.nanoTime();
            if (open != previous) {
                lastChange = now;
                previous = open;
            }
            if (open == 0 || now - lastChange > DRAIN_STALL_NANOS || now - start > DRAIN_LIMIT_NANOS) {
                return tallies;
            }
            Thread.sleep(250);
        }
    }

    /** The tallies now, retrying a few times: a flooded link may delay a stats answer beyond one request timeout. */
    private static List<WorkflowTally> snapshotTallies(Deployment deployment, Map<String, PacedSender> senders, ManagementClient management)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return tallies(deployment, senders, management.snapshots());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static List<WorkflowTally> tallies(Deployment deployment, Map<String, PacedSender> senders, List<ComponentSnapshot> snapshots) {
        List<WorkflowTally> tallies = new ArrayList<>();
        senders.forEach((name, sender) -> tallies.add(WorkflowTally.of(deployment.workflows().get(name), sender.sent(), deployment, snapshots)));
        return tallies;
    }

    static LoadProfile withRates(LoadProfile profile, Map<String, Integer> rates) {
        for (Map.Entry<String, Integer> rate : rates.entrySet()) {
            if (profile.flows().stream().noneMatch(f -> f.workflow().equals(rate.getKey()))) {
                throw new IllegalArgumentException("--rate " + rate.getKey() + "=" + rate.getValue() + ": the load profile has no flow for '"
                        + rate.getKey() + "'; flows: " + profile.flows().stream().map(LoadProfile.Flow::workflow).toList());
            }
            if (rate.getValue() < 1 || rate.getValue() > 1_000_000) {
                throw new IllegalArgumentException("--rate " + rate.getKey() + "=" + rate.getValue() + ": must be in 1..1000000 events/s");
            }
        }
        return new LoadProfile(profile.durationS(), profile.flows().stream()
                .map(f -> new LoadProfile.Flow(f.workflow(), rates.getOrDefault(f.workflow(), f.ratePerS()), f.payload()))
                .toList());
    }
}
