package io.tempos.bench;

import io.tempos.core.qos.QosLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The targets of the delivery benchmark (issue 3), judged on one run. They are benchmark
 * results for a person to read, not assertions: the machine may be shared.
 */
final class Targets {

    static final String ALONE = "alone-strict";
    static final String WITH_3_BQ = "1sq-3bq";
    static final String FLOOD = "1sq-3bq-flood";

    private Targets() {
    }

    /**
     * The targets per strict wait strategy of the run, each judged on the cases run with it. With
     * one strategy they are the five targets as named below; with several, each name ends with its
     * wait, and the strategies after the first keep only the targets their cases measure (the
     * paper profile compares the waits on two cases, not on the flood).
     */
    static List<DeliveryResults.Target> of(DeliveryResults.Baseline baseline, List<DeliveryResults.Case> cases, List<String> waits) {
        if (waits.size() == 1) {
            return of(baseline, cases);
        }
        List<DeliveryResults.Target> targets = new ArrayList<>();
        for (String wait : waits) {
            List<DeliveryResults.Case> withWait = cases.stream().filter(c -> c.strictWait().equals(wait)).toList();
            boolean first = wait.equals(waits.getFirst());
            for (DeliveryResults.Target t : of(baseline, withWait)) {
                if (first || t.value() != null) {
                    targets.add(new DeliveryResults.Target(t.name() + " (wait " + wait + ")", t.value(), t.limit(), t.met()));
                }
            }
        }
        return List.copyOf(targets);
    }

    /** The five targets, judged on {@code cases} (all run with one strict wait strategy). */
    static List<DeliveryResults.Target> of(DeliveryResults.Baseline baseline, List<DeliveryResults.Case> cases) {
        DeliveryResults.Flow alone = strictFlow(cases, ALONE);
        DeliveryResults.Flow with3 = strictFlow(cases, WITH_3_BQ);
        DeliveryResults.Flow flood = strictFlow(cases, FLOOD);
        Double bestEffortUnaccounted = cases.isEmpty() ? null : (double) cases.stream().flatMap(c -> c.flows().stream())
                .filter(f -> f.qos().equals(QosLevel.BEST_EFFORT)).mapToLong(DeliveryResults.Flow::unaccounted).sum();
        return List.of(
                target("strict p99 with 3 best-effort flows / strict p99 alone", ratio(p99(with3), p99(alone)), 1.2),
                target("strict p99 under the best-effort flood / strict p99 alone", ratio(p99(flood), p99(alone)), 2.0),
                target("strict events lost under the best-effort flood (dropped + unaccounted)",
                        flood == null ? null : (double) (flood.droppedTotal() + flood.unaccounted()), 0),
                target("strict p50 alone / raw two-hop relay p50", ratio(alone == null ? null : alone.latencyUs().p50(),
                        baseline == null ? null : baseline.relayP50Us()), 3.0),
                target("best-effort events unaccounted, all cases", bestEffortUnaccounted, 0));
    }

    /** The strict flow of the named case, or null when the case did not run (the first run of it, whatever its wait). */
    static DeliveryResults.Flow strictFlow(List<DeliveryResults.Case> cases, String caseName) {
        return cases.stream().filter(c -> c.name().equals(caseName)).map(c -> c.flow(DeliveryCase.STRICT_FLOW))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The strict flow of the named case run with {@code wait}, or null when it did not run so. */
    static DeliveryResults.Flow strictFlow(List<DeliveryResults.Case> cases, String caseName, String wait) {
        return strictFlow(cases.stream().filter(c -> c.strictWait().equals(wait)).toList(), caseName);
    }

    /** {@code value / reference}, rounded to 2 decimals; null when either is missing or the reference is 0. */
    static Double ratio(Double value, Double reference) {
        if (value == null || reference == null || reference == 0) {
            return null;
        }
        return Math.round(100 * value / reference) / 100.0;
    }

    private static Double p99(DeliveryResults.Flow flow) {
        return flow == null ? null : flow.latencyUs().p99();
    }

    static DeliveryResults.Target target(String name, Double value, double limit) {
        return new DeliveryResults.Target(name, value, limit, value == null ? null : value <= limit);
    }
}
