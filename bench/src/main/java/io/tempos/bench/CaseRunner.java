package io.tempos.bench;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.DropReason;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one delivery case: a warm-up on a deployment that is then thrown away (the JIT keeps what
 * it compiled, the statistics go), then the measured run on a fresh deployment whose counts and
 * histograms start at zero, a progress line per second, and a drain until every event in flight
 * has landed.
 */
final class CaseRunner {

    /** The pipeline is drained when no count has moved for this long. */
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(15);
    /** Reached the invoker, whatever the function then did: delivered, not dropped. */
    private static final List<String> FUNCTION_OUTCOMES = List.of(DropReason.FUNCTION_FAILED.label(), DropReason.TIMEOUT.label());

    private final Path function;
    private final byte[] event;
    private final int ratePerS;
    private final double warmupS;
    private final int durationS;
    private final PrintStream out;

    CaseRunner(Path function, byte[] event, int ratePerS, double warmupS, int durationS, PrintStream out) {
        this.function = function;
        this.event = event;
        this.ratePerS = ratePerS;
        this.warmupS = warmupS;
        this.durationS = durationS;
        this.out = out;
    }

    DeliveryResults.Case run(DeliveryCase deliveryCase) throws IOException, InterruptedException {
        if (warmupS > 0) {
            out.printf(Locale.ROOT, "[%s] warm-up %.1f s (not measured)%n", deliveryCase.name(), warmupS);
            long warmupNanos = (long) (warmupS * 1e9);
            try (Load warmup = Load.start(deliveryCase, function, event, ratePerS, warmupNanos)) {
                RelayBaseline.sleepUntil(warmup.startNanos + warmupNanos);
            }
        }
        try (Load load = Load.start(deliveryCase, function, event, ratePerS, TimeUnit.SECONDS.toNanos(durationS))) {
            for (int second = 1; second <= durationS; second++) {
                RelayBaseline.sleepUntil(load.startNanos + TimeUnit.SECONDS.toNanos(second));
                out.println(progress(deliveryCase, second, load.tallies()));
            }
            load.stopSources();
            if (!load.local.awaitQuiet(QUIET, DRAIN_LIMIT)) {
                out.printf(Locale.ROOT, "[%s] events still moving %d s after the load stopped; counting them as they are%n",
                        deliveryCase.name(), DRAIN_LIMIT.toSeconds());
            }
            List<WorkflowTally> tallies = load.tallies();
            return new DeliveryResults.Case(deliveryCase.name(), deliveryCase.description(),
                    tallies.stream().map(t -> flow(t, load.floods(t.workflow()))).toList());
        }
    }

    private String progress(DeliveryCase deliveryCase, int second, List<WorkflowTally> tallies) {
        String flows = tallies.stream().map(t -> String.format(Locale.ROOT, "%s sent %,d delivered %,d p99 %s",
                        t.workflow(), t.sent(), t.delivered(), Formats.micros(t.latency(LatencySpan.DELIVERY).p99())))
                .collect(Collectors.joining(" | "));
        return String.format(Locale.ROOT, "[%-17s %3d/%d s] %s", deliveryCase.name(), second, durationS, flows);
    }

    private DeliveryResults.Flow flow(WorkflowTally t, boolean flood) {
        Map<String, Long> dropped = new TreeMap<>(t.dropped());
        long functionOutcomes = 0;
        for (String outcome : FUNCTION_OUTCOMES) {
            Long n = dropped.remove(outcome);
            functionOutcomes += n == null ? 0 : n;
        }
        long rate = flood ? Math.round((double) t.sent() / durationS) : ratePerS;
        return new DeliveryResults.Flow(t.workflow(), t.level(), rate, flood, t.sent(), t.delivered() + functionOutcomes,
                dropped, t.unaccounted(), t.latency(LatencySpan.DELIVERY));
    }

    /** One deployment of a case and its sources, running. */
    private static final class Load implements AutoCloseable {
        private final Deployment deployment;
        private final LocalDeployment local;
        private final Map<String, PacedSender> sources = new LinkedHashMap<>();
        private final Map<String, Boolean> floods = new LinkedHashMap<>();
        private final long startNanos;

        private Load(Deployment deployment, LocalDeployment local) {
            this.deployment = deployment;
            this.local = local;
            this.startNanos = System.nanoTime();
        }

        static Load start(DeliveryCase deliveryCase, Path function, byte[] event, int ratePerS, long durationNanos)
                throws IOException, InterruptedException {
            Deployment deployment = BenchDeployment.of(deliveryCase, function);
            Load load = new Load(deployment, LocalDeployment.start(deployment));
            try {
                TriggerSpec trigger = deployment.triggers().get(BenchDeployment.TRIGGER);
                for (DeliveryCase.Flow flow : deliveryCase.flows()) {
                    InetSocketAddress endpoint = new InetSocketAddress(trigger.host(), trigger.udpPorts().get(flow.level()));
                    load.floods.put(flow.name(), flow.flood());
                    load.sources.put(flow.name(), new PacedSender(flow.name(), event, flow.flood() ? PacedSender.FLOOD : ratePerS,
                            deployment.levels().get(flow.level()), endpoint, durationNanos));
                }
            } catch (IOException | RuntimeException e) {
                load.close();
                throw e;
            }
            return load;
        }

        boolean floods(String flow) {
            return floods.get(flow);
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
