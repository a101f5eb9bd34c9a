package io.tempos.core.sys;

import io.tempos.core.qos.QosLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live threads one component runs for its QoS levels, so that a level whose scheduling
 * changes at run time (policy, priority, CPU set) reaches every thread that serves it. The
 * management thread re-applies the level to each thread by its kernel id: the threads
 * themselves are never asked, so a receiver blocked in a socket read or a worker inside a long
 * function is rescheduled all the same, and nothing on the event path takes a lock.
 */
public final class LevelThreadSet {

    private record LevelThread(int tid, String levelName, PipelineStage stage, String name) {
    }

    private final List<LevelThread> live = new CopyOnWriteArrayList<>();

    /** A thread's membership of the set; closing it (when the thread ends) leaves the set. */
    public interface Membership extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts a daemon platform thread named {@code name} that applies {@code level}'s scheduling at
     * {@code stage} to itself, joins this set, runs {@code body} and leaves the set when it ends.
     */
    public Thread start(QosLevel level, PipelineStage stage, String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try (Membership joined = enlist(level, stage, name)) {
                body.run();
            }
        });
    }

    /**
     * Applies {@code level}'s scheduling at {@code stage} to the calling thread and adds it to this
     * set, for threads started by a library (an HTTP server's pool, an agent runner).
     */
    public Membership enlist(QosLevel level, PipelineStage stage, String name) {
        ThreadScheduling.apply(level, name, stage);
        LevelThread self = new LevelThread(Linux.gettid(), level.name(), stage, name);
        live.add(self);
        return () -> live.remove(self);
    }

    /**
     * Gives every live thread of each level in {@code levels} that level's scheduling.
     *
     * @return what the kernel refused, one line per thread; empty when all is in force
     */
    public List<String> reschedule(Map<String, QosLevel> levels) {
        List<String> refused = new ArrayList<>();
        for (LevelThread thread : live) {
            QosLevel level = levels.get(thread.levelName());
            if (level != null) {
                String problem = ThreadScheduling.reapply(thread.tid(), level, thread.name(), thread.stage());
                if (problem != null) {
                    refused.add(problem);
                }
            }
        }
        return refused;
    }

    /** The kernel ids of the live threads serving {@code levelName}, for tests and diagnostics. */
    public List<Integer> threadIds(String levelName) {
        return live.stream().filter(t -> t.levelName().equals(levelName)).map(LevelThread::tid).toList();
    }
}
