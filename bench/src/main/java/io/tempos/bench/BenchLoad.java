package io.tempos.bench;

import io.tempos.core.qos.WaitStrategy;

import java.util.List;

/**
 * What one measured run of a benchmark sends: its producers, each a workflow of its own on its
 * own topic, all on one broker, trigger and invoker ({@link BenchDeployment}).
 *
 * @param name        e.g. {@code 1sq-3bq} or {@code concurrent@500}
 * @param description one line for people
 * @param strictWait  how the strict level's queue processor waits when its queue is empty (the
 *                    level's {@code wait}); the best-effort level keeps its default
 */
record BenchLoad(String name, String description, List<Flow> flows, WaitStrategy strictWait) {

    BenchLoad {
        flows = List.copyOf(flows);
    }

    /** With the strict level's default wait, {@link WaitStrategy#PARK}. */
    BenchLoad(String name, String description, List<Flow> flows) {
        this(name, description, flows, WaitStrategy.PARK);
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
