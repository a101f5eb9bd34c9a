package io.tempos.bench;

import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of one run of the full-stack benchmark, as written to {@code --json FILE}:
 * records map one to one to JSON objects with snake_case keys (the mapper of
 * {@link DeliveryResults#JSON}). Latencies are in microseconds.
 */
final class FullStackResults {

    /** The six hops of Fig. 7b, in path order: created..trigger-out … function-start..function-end. */
    static final List<LatencySpan> HOPS = LatencySpan.RECORDED.subList(2, LatencySpan.RECORDED.size());

    private FullStackResults() {
    }

    /**
     * @param stepS        measured seconds per step
     * @param ratesPerS    the ramp's rates, lowest first
     * @param payloadBytes the datagram every source sends (workflow name, newline, event)
     */
    record Report(String scenario, String startedAt, DeliveryResults.Machine machine, int stepS, double warmupS,
                  List<Integer> ratesPerS, int payloadBytes, String function, Baselines baselines, List<Step> steps,
                  List<DeliveryResults.Target> targets, Paper paper) {

        /** The step of {@code phase} at {@code ratePerS}, or null when it did not run. */
        Step step(String phase, int ratePerS) {
            return steps.stream().filter(s -> s.phase().equals(phase) && s.ratePerS() == ratePerS).findFirst().orElse(null);
        }

        int topRate() {
            return ratesPerS.getLast();
        }
    }

    /**
     * This machine's floors, measured in the same run.
     *
     * @param relay     the raw two-hop UDP relay at each rate of the ramp
     * @param plainCall Algorithm 1 called in-process through a cached FFM downcall: the function hop's floor
     */
    record Baselines(List<DeliveryResults.Baseline> relay, PlainCallBaseline.Result plainCall) {

        DeliveryResults.Baseline relayAt(int ratePerS) {
            return relay.stream().filter(b -> b.ratePerS() == ratePerS).findFirst().orElse(null);
        }
    }

    /** One step of one phase: its flows at one rate. */
    record Step(String name, String phase, int ratePerS, List<Flow> flows) {

        Flow flow(String name) {
            return flows.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * One workflow's events in one step.
     *
     * @param ratePerS    the paced rate, or for a flood the rate it achieved
     * @param completed   events whose function returned a result
     * @param dropped     events dropped on the way or failed in the function, by reason{@code @}component
     * @param unaccounted sent events neither completed nor counted as dropped: should be 0
     * @param endToEndUs  creation at the trigger → end of the function, completed events
     * @param hopsUs      per hop of {@link #HOPS}, by its label
     */
    record Flow(String name, String qos, long ratePerS, boolean flood, long sent, long completed, Map<String, Long> dropped,
                long unaccounted, Percentiles endToEndUs, Map<String, Percentiles> hopsUs) {

        static Flow of(WorkflowTally t, long ratePerS, boolean flood) {
            Map<String, Percentiles> hops = new LinkedHashMap<>();
            for (LatencySpan hop : HOPS) {
                hops.put(hop.label(), t.latency(hop));
            }
            return new Flow(t.workflow(), t.level(), ratePerS, flood, t.sent(), t.delivered(), t.dropped(), t.unaccounted(),
                    t.endToEnd(), hops);
        }

        long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        Percentiles hop(LatencySpan span) {
            return Objects.requireNonNullElse(hopsUs.get(span.label()), Percentiles.EMPTY);
        }
    }

    /** The paper's published figures (Fig. 7, section VI-C): averages on its testbed. */
    record Paper(double strictMeanIsolatedUs, double bestEffortMeanIsolatedUs, double strictMeanConcurrentUs,
                 int bestEffortDegradesAbovePerS, String source) {
        static final Paper FIG_7 = new Paper(3_340, 3_960, 3_100, 500,
                "TEMPOS paper, section VI-C, Fig. 7a: SQ averages 3.34 ms isolated, BQ 3.96 ms; concurrent SQ stays about 3.1 ms "
                        + "while BQ degrades past 500 events/s (constrained edge nodes, TSN links)");
    }

    static void write(Report report, Path file) throws IOException {
        DeliveryResults.JSON.writeValue(file.toFile(), report);
    }
}
