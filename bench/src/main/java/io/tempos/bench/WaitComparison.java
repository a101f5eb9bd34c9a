package io.tempos.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The effect of the strict level's wait strategy in a delivery run, one row per case and
 * strategy: the strict flow's latency, read against the same run's raw relay and against the
 * same case parked, beside the CPU the process used. Spinning trades CPU for latency; these rows
 * are that trade. Shared by the console table and the HTML report.
 */
final class WaitComparison {

    private WaitComparison() {
    }

    /**
     * One case run with one strategy. Latencies are null when the case has no strict flow;
     * ratios are null when either side is missing (no relay, no parked run of the case).
     *
     * @param cpuPercent the whole process's CPU over the measured seconds, % of one CPU
     * @param p99VsPark  this run's strict p99 / the same case's parked strict p99
     * @param cpuVsPark  this run's CPU / the same case's parked CPU
     */
    record Row(String caseName, String strictWait, Double p50Us, Double p99Us, Double p50VsRelay, Double p99VsRelay, Double p99VsPark,
               Double cpuPercent, Double cpuVsPark) {
    }

    /**
     * Every run of the cases that ran with a strategy other than {@code park}, grouped by case in
     * the order the cases first ran: in the paper profile the two compared cases, not the three
     * that only parked.
     */
    static List<Row> rows(DeliveryResults.Report report) {
        Set<String> compared = new LinkedHashSet<>();
        report.cases().stream().filter(c -> !c.strictWait().equals(Waits.DEFAULT)).forEach(c -> compared.add(c.name()));
        DeliveryResults.Baseline b = report.baseline();
        return compared.stream().flatMap(name -> {
            List<DeliveryResults.Case> runs = report.cases().stream().filter(c -> c.name().equals(name)).toList();
            DeliveryResults.Case parked = runs.stream().filter(c -> c.strictWait().equals(Waits.DEFAULT)).findFirst().orElse(null);
            return runs.stream().map(c -> row(c, parked, b));
        }).toList();
    }

    private static Row row(DeliveryResults.Case c, DeliveryResults.Case parked, DeliveryResults.Baseline b) {
        DeliveryResults.Flow strict = c.flow(DeliveryCase.STRICT_FLOW);
        DeliveryResults.Flow parkedStrict = parked == null ? null : parked.flow(DeliveryCase.STRICT_FLOW);
        Double p50 = strict == null ? null : strict.latencyUs().p50();
        Double p99 = strict == null ? null : strict.latencyUs().p99();
        return new Row(c.name(), c.strictWait(), p50, p99,
                Targets.ratio(p50, b == null ? null : b.relayP50Us()),
                Targets.ratio(p99, b == null ? null : b.relayP99Us()),
                Targets.ratio(p99, parkedStrict == null ? null : parkedStrict.latencyUs().p99()),
                c.cpuPercent(),
                Targets.ratio(c.cpuPercent(), parked == null ? null : parked.cpuPercent()));
    }
}
