package io.tempos.broker;

/**
 * The bounded queue that carries {@link LaneCommand}s from management threads to one lane's
 * queue processor, waking it when it is parked. Offer from any thread; drain only from the
 * processor thread.
 */
final class LaneCommands {

    static final int CAPACITY = 64;

    private final BoundedQueue<LaneCommand> queue = new BoundedQueue<>(CAPACITY);
    private final WakeSignal signal;

    LaneCommands(WakeSignal signal) {
        this.signal = signal;
    }

    /** Queues {@code command} for the processor; false when {@value #CAPACITY} commands already wait. */
    boolean offer(LaneCommand command) {
        if (!queue.offer(command)) {
            return false;
        }
        signal.signal();
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Processor thread: applies every waiting command to {@code delivery}; returns how many. */
    int drainTo(Delivery delivery) {
        int applied = 0;
        LaneCommand command;
        while ((command = queue.poll()) != null) {
            command.applyTo(delivery);
            applied++;
        }
        return applied;
    }
}
