package io.tempos.broker;

import io.tempos.core.qos.WaitStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.function.BooleanSupplier;

/** Maps a level's configured {@link WaitStrategy} onto the idle strategy of its queue processor. */
final class IdleStrategies {

    private IdleStrategies() {
    }

    static IdleStrategy of(WaitStrategy wait, WakeSignal signal, BooleanSupplier hasWork) {
        return switch (wait) {
            case SPIN -> new BusySpinIdleStrategy();
            case YIELD -> new YieldingIdleStrategy();
            case PARK -> new ParkUntilSignalled(signal, hasWork);
        };
    }

    /** Parks the processor until a receiver signals new work. */
    private static final class ParkUntilSignalled implements IdleStrategy {
        private final WakeSignal signal;
        private final BooleanSupplier hasWork;

        ParkUntilSignalled(WakeSignal signal, BooleanSupplier hasWork) {
            this.signal = signal;
            this.hasWork = hasWork;
        }

        @Override
        public void idle(int workCount) {
            if (workCount <= 0) {
                signal.await(hasWork);
            }
        }

        @Override
        public void idle() {
            signal.await(hasWork);
        }

        @Override
        public void reset() {
        }

        @Override
        public String alias() {
            return "park";
        }
    }
}
