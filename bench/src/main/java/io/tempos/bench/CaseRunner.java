package io.tempos.bench;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.LatencySpan;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one load of a benchmark (a delivery case, a step of the full-stack ramp): a warm-up on a
 * deployment that is then thrown away (the JIT keeps what it compiled, the statistics go), then
 * the measured run on a fresh deployment whose counts and histograms start at zero, a progress
 * line per second, and a drain until every event in flight has landed. Returns what became of
 * every flow's events and the CPU the process used over the measured seconds.
 */
final class CaseRunner {

    /** The pipeline is drained when no count has moved for this long. */
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(15);

    private final Path function;
    private final byte[] event;
    private final double warmupS;
    private final int durationS;
    private final LatencySpan progressSpan;
    private final PrintStream out;

    /**
     * @param progressSpan the latency the progress lines show (p99 so far)
     */
    CaseRunner(Path function, byte[] event, double warmupS, int durationS, LatencySpan progressSpan, PrintStream out) {
        this.function = function;
        this.event = event;
        this.warmupS = warmupS;
        this.durationS = durationS;
        this.progressSpan = progressSpan;
        this.out = out;
    }

    int durationS() {
        return durationS;
    }

    /**
     * What one measured run gave.
     *
     * @param tallies    per flow of the load, in its order, once every event has landed
     * @param cpuPercent the CPU the whole process used from the measured deployment's start to the
     *                   end of the measured seconds (before the drain), as a percentage of one CPU
     *                   ({@link ProcessCpu}); null where the JVM cannot tell
     */
    record Outcome(List<WorkflowTally> tallies, Double cpuPercent) {
    }

    /** Warms up, then measures {@code load} on a fresh deployment and drains it. */
    Outcome run(BenchLoad load) throws IOException, InterruptedException {
        if (warmupS > 0) {
            out.printf(Locale.ROOT, "[%s] warm-up %.1f s (not measured)%n", load.name(), warmupS);
            long warmupNanos = (long) (warmupS * 1e9);
            try (Running warmup = Running.start(load, function, event, warmupNanos)) {
                RelayBaseline.sleepUntil(warmup.startNanos + warmupNanos);
            }
        }
        try (Running running = Running.start(load, function, event, TimeUnit.SECONDS.toNanos(durationS))) {
            for (int second = 1; second <= durationS; second++) {
                RelayBaseline.sleepUntil(running.startNanos + TimeUnit.SECONDS.toNanos(second));
                out.println(progress(load, second, running.tallies()));
            }
            Double cpuPercent = ProcessCpu.now().percentOfOneCpuSince(running.startCpu);
            running.stopSources();
            if (!running.local.awaitQuiet(QUIET, DRAIN_LIMIT)) {
                out.printf(Locale.ROOT, "[%s] events still moving %d s after the load stopped; counting them as they are%n",
                        load.name(), DRAIN_LIMIT.toSeconds());
            }
            return new Outcome(running.tallies(), cpuPercent);
        }
    }

    /** What a flood flow reached: events sent per measured second. */
    long achievedRate(WorkflowTally tally) {
        return Math.round((double) tally.sent() / durationS);
    }

    private String progress(BenchLoad load, int second, List<WorkflowTally> tallies) {
        String flows = tallies.stream().map(t -> String.format(Locale.ROOT, "%s sent %,d delivered %,d p99 %s",
                        t.workflow(), t.sent(), t.delivered(), Formats.micros(t.latency(progressSpan).p99())))
                .collect(Collectors.joining(" | "));
        return String.format(Locale.ROOT, "[%-17s %3d/%d s] %s", load.name(), second, durationS, flows);
    }

    /** One deployment of a load and its sources, running. */
    private static final class Running implements AutoCloseable {
        private final Deployment deployment;
        private final LocalDeployment local;
        private final Map<String, PacedSender> sources = new LinkedHashMap<>();
        private final long startNanos;
        /** Read with {@link #startNanos}: the deployment is up, the sources not yet started. */
        private final ProcessCpu startCpu;

        private Running(Deployment deployment, LocalDeployment local) {
            this.deployment = deployment;
            this.local = local;
            this.startCpu = ProcessCpu.now();
            this.startNanos = startCpu.wallNanos();
        }

        static Running start(BenchLoad load, Path function, byte[] event, long durationNanos) throws IOException {
            Deployment deployment = BenchDeployment.of(load, function);
            Running running = new Running(deployment, LocalDeployment.start(deployment));
            try {
                TriggerSpec trigger = deployment.triggers().get(BenchDeployment.TRIGGER);
                for (BenchLoad.Flow flow : load.flows()) {
                    InetSocketAddress endpoint = new InetSocketAddress(trigger.host(), trigger.udpPorts().get(flow.level()));
                    running.sources.put(flow.name(), new PacedSender(flow.name(), event, flow.ratePerS(),
                            deployment.levels().get(flow.level()), endpoint, durationNanos));
                }
            } catch (IOException | RuntimeException e) {
                try {
                    running.close();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
            return running;
        }

        /** Counts components first, sources second: an event can be counted sent and not yet seen, never the reverse. */
        List<WorkflowTally> tallies() {
            List<ComponentSnapshot> snapshots = local.snapshots();
            Map<String, Long> sent = new LinkedHashMap<>();
            sources.forEach((name, source) -> sent.put(name, source.sent()));
            return WorkflowTally.ofFlows(sent, deployment, snapshots);
        }

        void stopSources() throws InterruptedException {
            for (PacedSender source : sources.values()) {
                source.close();
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                stopSources();
            } finally {
                local.close();
            }
        }
    }
}
