package io.tempos.cli.testbed;

import io.tempos.cli.ConfigOption;
import io.tempos.cli.LoadProfile;
import io.tempos.bench.WorkflowTally;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.qos.QosLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tempos testbed run}: the full stack across the testbed under load, once with a traffic
 * class per QoS level and once without (by default), each on a fresh testbed. The producers run
 * inside the trigger host; results come from the components' {@code GET /stats} and the qdisc
 * counters of every link.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the deployment across the testbed under load (strict paced, best-effort saturating the links),"
                + " with traffic classes on and off, and prints what became of every event.")
final class RunCommand implements Callable<Integer> {

    /** Beyond the load itself: starting the JVMs, waiting for configuration, draining. */
    private static final long OVERHEAD_S = 300;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TestbedOptions options;

    @Option(names = {"-l", "--load"}, description = "Load profile (default: load.toml beside the template deployment).")
    Path load;

    @Option(names = {"-d", "--duration"}, defaultValue = "20", description = "Seconds of load per run (default: ${DEFAULT-VALUE}).")
    int durationS;

    @Option(names = "--strict-rate", defaultValue = "1000", description = "Events/s of every strict flow (default: ${DEFAULT-VALUE}).")
    int strictRate;

    @Option(names = "--best-effort-rate", defaultValue = "2000",
            description = "Events/s of every other flow (default: ${DEFAULT-VALUE}; 16 KB events at this rate saturate a 20 Mbit/s link).")
    int bestEffortRate;

    @Option(names = "--rate", description = "Events/s of one workflow, overriding the two above: WORKFLOW=N (repeatable).")
    Map<String, Integer> rates = new LinkedHashMap<>();

    @Option(names = "--classes", defaultValue = "both", description = "on, off or both (default: ${DEFAULT-VALUE}): a traffic class per QoS level, one FIFO, or a run of each.")
    String classes;

    @Option(names = "--json", description = "Write the results of every run to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Deployment template = ConfigOption.load(spec, options.config);
        Path loadFile = load != null ? load : options.config.toAbsolutePath().getParent().resolve("load.toml");
        LoadProfile profile = LoadProfile.load(loadFile);
        Map<String, Integer> flowRates = flowRates(template, profile);
        List<Boolean> modes = switch (classes) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(true, false);
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--classes: '" + classes + "' is not one of on, off, both");
        };
        Path dir = Runs.workDir(options.workDir);
        List<RunResult> results = new ArrayList<>();
        for (boolean on : modes) {
            LinkShaping shaping = Runs.shaping(spec, options.linkRate, on);
            System.out.println();
            System.out.println("=== testbed run: " + shaping.describe() + ", " + durationS + " s ===");
            RunResult result = runOnce(template, loadFile, flowRates, shaping, Files.createDirectories(dir.resolve(on ? "classes-on" : "classes-off")));
            TestbedReport.print(System.out, result);
            results.add(result);
        }
        TestbedReport.compare(System.out, results);
        if (json != null) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("template", options.config.toAbsolutePath().toString());
            settings.put("invokers", options.invokers);
            settings.put("rates_per_s", flowRates);
            RunResults.write(json, RunResults.report(results, settings));
            System.out.println("results written to " + json);
        }
        System.out.println("deployment files and process logs in " + dir);
        return 0;
    }

    private RunResult runOnce(Deployment template, Path loadFile, Map<String, Integer> flowRates, LinkShaping shaping, Path dir)
            throws IOException, InterruptedException {
        Topology topology = Runs.topology(spec, options.invokers);
        try (Testbed testbed = Testbed.create(topology, shaping, dir)) {
            Path deploymentFile = TestbedDeployer.deploy(testbed, template, dir);
            Path out = dir.resolve("tallies.json");
            List<String> args = new ArrayList<>(List.of("testbed", "load", "--config", deploymentFile.toString(), "--load", loadFile.toString(),
                    "--duration", Integer.toString(durationS), "--out", out.toString()));
            flowRates.forEach((workflow, rate) -> args.addAll(List.of("--rate", workflow + "=" + rate)));
            Process producer = testbed.startInheritingOutput(topology.trigger(), JavaCommand.tempos(args.toArray(String[]::new)));
            if (!producer.waitFor(durationS + OVERHEAD_S, TimeUnit.SECONDS)) {
                throw new IOException("the load did not finish in " + (durationS + OVERHEAD_S) + " s (logs in " + dir + ")");
            }
            if (producer.exitValue() != 0 || !Files.isRegularFile(out)) {
                throw new IOException("the load process failed (exit " + producer.exitValue() + "); component logs in " + dir);
            }
            List<WorkflowTally> tallies = RunResults.readTallies(out);
            return new RunResult(shaping, durationS, tallies, testbed.classCounters());
        }
    }

    /** Each flow's rate: --rate, else --strict-rate or --best-effort-rate by its workflow's level. */
    private Map<String, Integer> flowRates(Deployment template, LoadProfile profile) {
        try {
            LoadCommand.withRates(profile, rates);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<String, Integer> flowRates = new LinkedHashMap<>();
        for (LoadProfile.Flow flow : profile.flows()) {
            WorkflowSpec workflow = template.workflows().get(flow.workflow());
            if (workflow == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "load flow '" + flow.workflow() + "' names no workflow of "
                        + options.config + "; workflows: " + template.workflows().keySet());
            }
            flowRates.put(flow.workflow(), rates.getOrDefault(flow.workflow(),
                    QosLevel.STRICT.equals(workflow.level()) ? strictRate : bestEffortRate));
        }
        try {
            LoadCommand.withRates(profile, flowRates);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return flowRates;
    }
}
