package io.tempos.bench;

import java.util.List;

/**
 * What one measured run of a benchmark sends: its producers, each a workflow of its own on its
 * own topic, all on one broker, trigger and invoker ({@link BenchDeployment}).
 *
 * @param name        e.g. {@code 1sq-3bq} or {@code concurrent@500}
 * @param description one line for people
 */
record BenchLoad(String name, String description, List<Flow> flows) {

    BenchLoad {
        flows = List.copyOf(flows);
    }

    /**
     * One producer: its workflow's name and level, and its paced rate.
     *
     * @param ratePerS events per second, or {@link PacedSender#FLOOD} for as fast as it can send
     */
    record Flow(String name, String level, int ratePerS) {

        boolean flood() {
            return ratePerS == PacedSender.FLOOD;
        }
    }
}
