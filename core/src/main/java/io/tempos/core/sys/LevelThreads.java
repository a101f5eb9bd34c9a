package io.tempos.core.sys;

import io.tempos.core.qos.QosLevel;

/** Starts the platform threads that serve a QoS level, each taking the level's scheduling first. */
public final class LevelThreads {

    private LevelThreads() {
    }

    /**
     * Starts a daemon platform thread named {@code name} that applies {@code level}'s scheduling
     * to itself and then runs {@code body}.
     */
    public static Thread start(QosLevel level, String name, Runnable body) {
        return start(level, PipelineStage.WORKER, name, body);
    }

    /** As {@link #start(QosLevel, String, Runnable)}, at the priority of {@code stage} on the event path. */
    public static Thread start(QosLevel level, PipelineStage stage, String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).start(() -> {
            ThreadScheduling.apply(level, name, stage);
            body.run();
        });
    }
}
