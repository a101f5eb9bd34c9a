package io.tempos.broker;

import java.util.concurrent.CompletableFuture;

/**
 * What other threads ask of a lane's queue processor, which alone owns the lane's
 * {@link Delivery} state (one writer per piece of state; aeron's SenderProxy).
 */
sealed interface LaneCommand {

    void applyTo(Delivery delivery);

    /** New subscription groups (members joined or left); {@code applied} completes once in force. */
    record Reconfigure(LaneTopology topology, CompletableFuture<Void> applied) implements LaneCommand {
        @Override
        public void applyTo(Delivery delivery) {
            delivery.apply(topology);
            applied.complete(null);
        }
    }

    /** The health poll's verdict on an invoker. */
    record MemberHealth(String invokerId, boolean up) implements LaneCommand {
        @Override
        public void applyTo(Delivery delivery) {
            delivery.health(invokerId, up);
        }
    }
}
