package io.tempos.bench;

import io.tempos.core.qos.QosLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * One case of the delivery benchmark: which flows run together. The strict flow is named
 * {@code sq}, the best-effort flows {@code bq-1} … {@code bq-3}; each is its own workflow on its
 * own topic, all on the one broker, trigger and invoker.
 *
 * @param strict          whether the strict flow runs
 * @param bestEffortFlows how many best-effort flows run
 * @param flood           whether the best-effort producers send as fast as they can instead of
 *                        at the paced rate
 */
record DeliveryCase(String name, String description, boolean strict, int bestEffortFlows, boolean flood) {

    static final String STRICT_FLOW = "sq";

    static final List<DeliveryCase> ALL = List.of(
            new DeliveryCase("alone-strict", "Fig. 4a: the strict flow alone", true, 0, false),
            new DeliveryCase("alone-best-effort", "Fig. 4a: one best-effort flow alone", false, 1, false),
            new DeliveryCase("1sq-1bq", "Fig. 4b: 1 strict + 1 best-effort flow", true, 1, false),
            new DeliveryCase("1sq-3bq", "Fig. 4b: 1 strict + 3 best-effort flows", true, 3, false),
            new DeliveryCase("1sq-3bq-flood", "beyond the paper: 1 strict flow while 3 best-effort producers send as fast as they can",
                    true, 3, true));

    /** The case's producers, paced at {@code ratePerS} unless they flood. */
    BenchLoad load(int ratePerS) {
        List<BenchLoad.Flow> flows = new ArrayList<>();
        if (strict) {
            flows.add(new BenchLoad.Flow(STRICT_FLOW, QosLevel.STRICT, ratePerS));
        }
        for (int i = 1; i <= bestEffortFlows; i++) {
            flows.add(new BenchLoad.Flow("bq-" + i, QosLevel.BEST_EFFORT, flood ? PacedSender.FLOOD : ratePerS));
        }
        return new BenchLoad(name, description, flows);
    }

    static DeliveryCase named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no delivery case named '" + name + "'; cases: " + ALL.stream().map(DeliveryCase::name).toList()));
    }
}
