package io.tempos.invoker;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A function served by persistent worker processes (FSPAWN warm, and DLF with isolation =
 * "process" through {@code tempos-dlf-host}): each invocation takes an idle worker from a
 * lock-free pool, or starts one, and gives it back if it is still healthy. So each worker
 * thread of the level ends up with a process of its own, and no two events share one at once.
 *
 * <p>A worker that dies, breaks the protocol or runs past its deadline fails the event in flight
 * (it is never lost: the caller counts it) and is killed; the next invocation starts a new one.
 * Starting, unlike dying on an event, is retried with a back-off (10 ms doubling to 1 s): a
 * program that cannot start fails events at once meanwhile, instead of costing a spawn each.
 */
final class PersistentFunction implements FunctionInvocation {

    private static final long FIRST_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(1);

    private final ProcessCommand command;
    private final String name;
    private final String description;
    private final ConcurrentLinkedQueue<WorkerProcess> idle = new ConcurrentLinkedQueue<>();
    private final AtomicLong startsNotBeforeNs = new AtomicLong(System.nanoTime());
    private final AtomicLong backoffNs = new AtomicLong();
    private final AtomicInteger starts = new AtomicInteger();
    private volatile String lastStartFailure = "";

    private PersistentFunction(ProcessCommand command, String name, String description) {
        this.command = command;
        this.name = name;
        this.description = description;
    }

    /**
     * Starts the first worker, which must say READY within {@code startTimeoutNs}: a program
     * that cannot start or load its function is refused at configure time with its stderr.
     *
     * @param name names the workers in messages, e.g. {@code worker algorithm1_worker.py}
     * @throws IllegalArgumentException why the first worker did not start
     */
    static PersistentFunction start(ProcessCommand command, String name, String description, long startTimeoutNs) {
        PersistentFunction function = new PersistentFunction(command, name, description);
        try {
            function.idle.add(function.startWorker(System.nanoTime() + startTimeoutNs));
        } catch (FunctionFailure e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return function;
    }

    @Override
    public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        WorkerProcess worker = idle.poll();
        if (worker == null) {
            worker = startWorker(deadline.atNs());
        }
        try {
            return worker.call(input, output, deadline);
        } catch (FunctionFailure e) {
            if (worker.healthy() || worker.delivered()) {
                throw e;
            }
            // It had died while idle (a limit, the OOM killer, a kill): the event never reached
            // it, so a fresh worker gets it, once.
            worker.close();
            worker = startWorker(deadline.atNs());
            return worker.call(input, output, deadline);
        } finally {
            if (worker.healthy()) {
                idle.offer(worker);
            } else {
                worker.close();
            }
        }
    }

    private WorkerProcess startWorker(long deadlineNs) throws FunctionFailure {
        long now = System.nanoTime();
        long notBefore = startsNotBeforeNs.get();
        if (now - notBefore < 0) {
            throw new FunctionFailure(name + " is not restarted for another " + TimeUnit.NANOSECONDS.toMillis(notBefore - now)
                    + " ms after failing to start: " + lastStartFailure);
        }
        try {
            WorkerProcess worker = WorkerProcess.start(command, name, deadlineNs);
            starts.incrementAndGet();
            backoffNs.set(0);
            return worker;
        } catch (FunctionFailure e) {
            long backoff = backoffNs.updateAndGet(b -> b == 0 ? FIRST_BACKOFF_NS : Math.min(MAX_BACKOFF_NS, 2 * b));
            startsNotBeforeNs.set(System.nanoTime() + backoff);
            lastStartFailure = e.getMessage();
            throw e;
        }
    }

    /** How many worker processes were started so far (tests see restarts). */
    int starts() {
        return starts.get();
    }

    /** The pids of the idle workers (tests look at their scheduling and their end). */
    List<Integer> idlePids() {
        return idle.stream().map(WorkerProcess::pid).toList();
    }

    /** Kills every worker; called once no invocation runs (see {@link LoadedFunction}). */
    @Override
    public void close() {
        for (WorkerProcess worker = idle.poll(); worker != null; worker = idle.poll()) {
            worker.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
