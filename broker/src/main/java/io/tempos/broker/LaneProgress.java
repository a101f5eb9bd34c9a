package io.tempos.broker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a lane's threads publish about themselves for the {@link StarvationGuard}: their Linux
 * thread ids and how many datagrams and events they have handled. Each counter has one writer
 * (the receiver, the processor) and is published with release semantics, no atomics.
 */
final class LaneProgress {

    private static final VarHandle READ;
    private static final VarHandle HANDLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READ = lookup.findVarHandle(LaneProgress.class, "datagramsRead", long.class);
            HANDLED = lookup.findVarHandle(LaneProgress.class, "eventsHandled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int receiverTid;
    private volatile int processorTid;
    @SuppressWarnings("unused") // through READ
    private long datagramsRead;
    @SuppressWarnings("unused") // through HANDLED
    private long eventsHandled;

    void receiverTid(int tid) {
        receiverTid = tid;
    }

    void processorTid(int tid) {
        processorTid = tid;
    }

    int receiverTid() {
        return receiverTid;
    }

    int processorTid() {
        return processorTid;
    }

    /** Receiver thread only. */
    void read() {
        READ.setRelease(this, (long) READ.getOpaque(this) + 1);
    }

    /** Processor thread only. */
    void handled(int events) {
        HANDLED.setRelease(this, (long) HANDLED.getOpaque(this) + events);
    }

    long datagramsRead() {
        return (long) READ.getAcquire(this);
    }

    long eventsHandled() {
        return (long) HANDLED.getAcquire(this);
    }
}
