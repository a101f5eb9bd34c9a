package io.tempos.broker;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.sys.Linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds how long strict priority may starve a lower level ({@code max-wait-ms}): a thread at
 * SCHED_FIFO 99 that wakes every {@code max-wait-ms / 4} (at least 1 ms), looks at each guarded
 * lane and, when one has had work but made no progress for {@code max-wait-ms}
 * ({@link AgingRule}), raises the lane's receiver and processor to SCHED_FIFO
 * {@code boost-priority}; at the next tick after the lane moved, it gives them back the
 * level's own scheduling. A starved lane thus gets at least one tick of CPU every
 * {@code max-wait-ms} + one tick, as long as the boost priority is above whatever starves it
 * (1 beats every SCHED_OTHER thread; to beat a strict level, at least its priority) and the
 * kernel's real-time throttling leaves room.
 *
 * <p>It never touches the hot path: it reads the lanes' published progress counters and
 * queue sizes, asks the kernel for the ingress sockets' pending bytes, and changes the
 * threads' scheduling from outside with sched_setscheduler(tid).
 */
final class StarvationGuard implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StarvationGuard.class.getName());
    private static final long MIN_TICK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Guarded(LevelLane lane, AgingRule rule) {
    }

    private final List<Guarded> guarded;
    private final long tickNs;
    private final Thread thread;
    private final Map<String, Long> boosts = new ConcurrentHashMap<>();
    /** Levels whose lane runs boosted now; read by management threads. */
    private final Set<String> boostedNow = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private StarvationGuard(String brokerId, List<Guarded> guarded) {
        this.guarded = guarded;
        this.tickNs = guarded.stream().mapToLong(g -> TimeUnit.MILLISECONDS.toNanos(g.lane().level().maxWaitMs()) / 4)
                .map(t -> Math.max(MIN_TICK_NS, t)).min().orElse(MIN_TICK_NS);
        this.thread = Thread.ofPlatform().name(brokerId + "-starvation-guard").daemon(true).start(this::run);
    }

    /** A guard for the lanes whose level has {@code max-wait-ms}, or null when none has. */
    static StarvationGuard startFor(String brokerId, Iterable<LevelLane> lanes) {
        List<Guarded> guarded = new ArrayList<>();
        for (LevelLane lane : lanes) {
            if (lane.level().maxWaitMs() > 0) {
                guarded.add(new Guarded(lane, new AgingRule(TimeUnit.MILLISECONDS.toNanos(lane.level().maxWaitMs()))));
            }
        }
        return guarded.isEmpty() ? null : new StarvationGuard(brokerId, List.copyOf(guarded));
    }

    private void run() {
        int rc = Linux.setScheduler(SchedPolicy.FIFO.linuxConstant(), 99);
        if (rc != 0) {
            LOG.log(System.Logger.Level.WARNING, "starvation guard runs without SCHED_FIFO (" + Linux.describe(rc)
                    + "): it can itself be starved, and boosting needs CAP_SYS_NICE anyway");
        }
        while (!closed) {
            LockSupport.parkNanos(tickNs);
            long now = System.nanoTime();
            for (Guarded g : guarded) {
                LaneProgress progress = g.lane().progress();
                int action = g.rule().tick(now, g.lane().hasWork(), progress.datagramsRead() + progress.eventsHandled());
                if (action == AgingRule.BOOST) {
                    boost(g.lane());
                } else if (action == AgingRule.RESTORE) {
                    restore(g.lane());
                }
            }
        }
        for (Guarded g : guarded) {
            if (g.rule().boosted()) {
                restore(g.lane());
            }
        }
    }

    private void boost(LevelLane lane) {
        QosLevel level = lane.level();
        LaneProgress progress = lane.progress();
        int priority = level.boostPriority();
        int rc = setBoth(progress, SchedPolicy.FIFO.linuxConstant(), priority);
        if (rc == 0) {
            boostedNow.add(level.name());
        }
        long count = boosts.merge(level.name(), 1L, Long::sum);
        if (count == 1 || rc != 0) {
            LOG.log(rc == 0 ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "level " + level.name()
                    + " waited more than max-wait-ms " + level.maxWaitMs() + " without progress: "
                    + (rc == 0 ? "boosted to SCHED_FIFO " + priority + " until it moves (logged the first time only)"
                    : "cannot boost it: " + Linux.describe(rc)));
        }
    }

    private void restore(LevelLane lane) {
        lane.reschedule(lane.level()).forEach(problem -> LOG.log(System.Logger.Level.WARNING, "after a boost: " + problem));
        boostedNow.remove(lane.level().name());
    }

    private static int setBoth(LaneProgress progress, int policy, int priority) {
        int rc = 0;
        for (int tid : new int[]{progress.receiverTid(), progress.processorTid()}) {
            if (tid != 0) {
                int r = Linux.setScheduler(tid, policy, priority);
                rc = rc == 0 ? r : rc;
            }
        }
        return rc;
    }

    /** Whether the lane of {@code level} runs boosted now. Any thread. */
    boolean boosted(String level) {
        return boostedNow.contains(level);
    }

    /** Boosts so far per level name. */
    Map<String, Long> boosts() {
        return Map.copyOf(boosts);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
