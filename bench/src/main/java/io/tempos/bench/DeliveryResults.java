package io.tempos.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one run of the delivery benchmark, as written to {@code --json FILE}: records
 * map one to one to JSON objects, with snake_case keys. Latencies are in microseconds.
 */
final class DeliveryResults {

    /** The JSON form: the project's mapper, with snake_case keys and indented. */
    static final ObjectMapper JSON = DeploymentJson.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private DeliveryResults() {
    }

    /**
     * @param scenario   always {@code delivery}
     * @param durationS  measured seconds per case (and for the baseline)
     * @param warmupS    seconds of load before each measurement, on a deployment then discarded
     * @param ratePerS   the paced rate of every flow that does not flood
     * @param payloadBytes the datagram every source sends (workflow name, newline, event)
     */
    record Report(String scenario, String startedAt, Machine machine, int durationS, double warmupS, int ratePerS,
                  int payloadBytes, Baseline baseline, List<Case> cases, List<Target> targets, Paper paper) {

        /** The strict waits of the run's cases, in the order they first ran. */
        List<String> waits() {
            return cases.stream().map(Case::strictWait).distinct().toList();
        }

        /** Whether the run is the default one, every case parked: its output then shows no wait at all. */
        boolean parkOnly() {
            return waits().stream().allMatch(Waits.DEFAULT::equals);
        }
    }

    record Machine(int cpus, String os, String kernel, String java) {
        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.version"), System.getProperty("java.vm.name") + " " + Runtime.version());
        }
    }

    /**
     * The machine's floor: plain UDP sockets, sender → relay → receiver, paced like the flows.
     *
     * @param received   datagrams that reached the receiver (the rest were lost on loopback)
     * @param cpuPercent the CPU the process used over the relay's measured seconds, as a percentage
     *                   of one CPU; null in runs saved before it was measured
     */
    record Baseline(double relayP50Us, double relayP99Us, double relayP999Us, double relayMaxUs, int ratePerS,
                    int payloadBytes, long sent, long received, Double cpuPercent) {
    }

    /**
     * One case run with one wait strategy.
     *
     * @param strictWait the strict level's {@code wait} in this run (JSON {@code wait}) ({@code park}, {@code yield},
     *                   {@code spin}); the best-effort level keeps {@code park}. Runs saved before
     *                   the field existed all parked, and read as {@code park}
     * @param cpuPercent the CPU the whole process (deployment, producers, JVM) used over the
     *                   measured seconds, as a percentage of one CPU (up to 100 × CPUs); null in
     *                   runs saved before it was measured
     */
    record Case(String name, String description, @JsonProperty("wait") String strictWait, Double cpuPercent, List<Flow> flows) {

        Case {
            strictWait = strictWait == null ? Waits.DEFAULT : strictWait;
        }

        Flow flow(String name) {
            return flows.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * One producer's flow in one case.
     *
     * @param qos         the workflow's level
     * @param ratePerS    the paced rate, or for a flood the rate it achieved
     * @param flood       whether the producer sent as fast as it could
     * @param delivered   events that reached the invoker (the function ran, whatever it returned)
     * @param dropped     events dropped on the way, by reason{@code @}component
     * @param unaccounted sent events neither delivered nor counted as dropped: should be 0
     * @param latencyUs   delivery latency: creation at the trigger → reception at the invoker
     */
    record Flow(String name, String qos, long ratePerS, boolean flood, long sent, long delivered,
                Map<String, Long> dropped, long unaccounted, Percentiles latencyUs) {

        /** Reached the invoker, whatever the function then did: delivered, not dropped. */
        private static final List<String> FUNCTION_OUTCOMES = List.of(DropReason.FUNCTION_FAILED.label(), DropReason.TIMEOUT.label());

        /** The delivery view of a tally: events whose function failed still count as delivered. */
        static Flow of(WorkflowTally t, long ratePerS, boolean flood) {
            Map<String, Long> dropped = new TreeMap<>(t.dropped());
            long functionOutcomes = 0;
            for (String outcome : FUNCTION_OUTCOMES) {
                Long n = dropped.remove(outcome);
                functionOutcomes += n == null ? 0 : n;
            }
            return new Flow(t.workflow(), t.level(), ratePerS, flood, t.sent(), t.delivered() + functionOutcomes,
                    dropped, t.unaccounted(), t.latency(LatencySpan.DELIVERY));
        }

        long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One target of the benchmark (issue 3), judged on this run.
     *
     * @param value measured ratio or count; null when a case it needs did not run
     * @param limit the largest value that meets the target
     */
    record Target(String name, Double value, double limit, Boolean met) {
    }

    /** The paper's published figures (Fig. 4, section VI-A), for reference. */
    record Paper(double strictMeanAloneUs, double strictMaxWithBestEffortUs, String source) {
        static final Paper FIG_4 = new Paper(501, 600,
                "TEMPOS paper, section VI-A, Fig. 4: SQ settles to 501 µs on average alone; stays under 600 µs with 1 and 3 BQ flows");
    }

    static void write(Report report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }
}
