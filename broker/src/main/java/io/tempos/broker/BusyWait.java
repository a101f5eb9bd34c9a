package io.tempos.broker;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.sys.ThreadScheduling;

import java.util.Locale;

/**
 * Whether a level's queue processor busy-waits at a real-time priority. A spinning or yielding
 * processor at SCHED_FIFO/RR never leaves its CPU; the kernel's real-time throttling
 * ({@code sched_rt_runtime_us}, 95 % of each second by default) then stops every real-time
 * thread on that CPU for the rest of the second once the budget is spent — the level's own
 * receiver and workers included — which is a far longer stall than the wake-up that parking
 * costs. {@code tempos bench delivery --wait park,yield,spin} measures the trade.
 */
final class BusyWait {

    private BusyWait() {
    }

    /** A warning for broker {@code brokerId}'s lane of {@code level}, or null when it parks or is not real-time. */
    static String warning(String brokerId, QosLevel level) {
        if (level.waitStrategy() == WaitStrategy.PARK || !level.threadPolicy().isRealTime()) {
            return null;
        }
        return "broker " + brokerId + ": level " + level.name() + " has wait = \"" + level.waitStrategy().name().toLowerCase(Locale.ROOT)
                + "\" at " + ThreadScheduling.describe(level) + ": its queue processor keeps a CPU busy even when idle, and once the"
                + " kernel's real-time budget (sched_rt_runtime_us) is spent every real-time thread on that CPU waits for the next"
                + " period; use wait = \"park\" unless `tempos bench delivery --wait` shows the trade pays on this machine";
    }
}
