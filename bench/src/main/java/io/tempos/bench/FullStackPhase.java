package io.tempos.bench;

import io.tempos.core.qos.QosLevel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The phases of the full-stack benchmark (the paper's Fig. 7): each ramps through the rates, the
 * strict workflow {@code sq} and the best-effort one {@code bq} running the same function,
 * triggered by the same event. {@link #FLOOD} is one step beyond the paper.
 */
enum FullStackPhase {
    /** Fig. 7a, isolated: only the strict workflow. */
    STRICT_ALONE("strict-alone", "the strict workflow alone"),
    /** Fig. 7a, isolated: only the best-effort workflow. */
    BEST_EFFORT_ALONE("best-effort-alone", "the best-effort workflow alone"),
    /** Fig. 7a, concurrent: both at the same rate. */
    CONCURRENT("concurrent", "both workflows at the same rate"),
    /** Beyond the paper: strict at the top rate while best-effort sends as fast as it can. */
    FLOOD("flood", "strict at the top rate while best-effort floods");

    static final String STRICT_FLOW = "sq";
    static final String BEST_EFFORT_FLOW = "bq";
    static final List<String> NAMES = Arrays.stream(values()).map(FullStackPhase::label).toList();

    private final String label;
    private final String description;

    FullStackPhase(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    static FullStackPhase named(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no phase named '" + label + "'; phases: " + NAMES));
    }

    /** The load of this phase at {@code ratePerS} (the flood phase runs once, at the top rate). */
    BenchLoad load(int ratePerS) {
        List<BenchLoad.Flow> flows = new ArrayList<>();
        if (this != BEST_EFFORT_ALONE) {
            flows.add(new BenchLoad.Flow(STRICT_FLOW, QosLevel.STRICT, ratePerS));
        }
        if (this != STRICT_ALONE) {
            flows.add(new BenchLoad.Flow(BEST_EFFORT_FLOW, QosLevel.BEST_EFFORT, this == FLOOD ? PacedSender.FLOOD : ratePerS));
        }
        return new BenchLoad(label + "@" + ratePerS, description + " at " + ratePerS + " events/s"
                + (this == FLOOD ? " (strict)" : " each"), flows);
    }
}
