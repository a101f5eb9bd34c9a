package io.tempos.bench;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.sys.ThreadScheduling;
import io.tempos.invoker.FunctionRunner;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Fig. 6: two strict and four best-effort platform threads, each with its own loaded copy of one
 * method's function, invoking it back to back. The strict threads take the strict level's
 * scheduling as an invoker worker would (SCHED_FIFO), and so do the processes their functions
 * start; the best-effort ones keep normal scheduling.
 *
 * <p>Four phases, in one run, on the same threads and copies:
 * <ol>
 *   <li>warm-up: all six threads at normal scheduling until the JIT has compiled what they run
 *       (no compilation finished for {@link #JIT_IDLE_MS} ms; at least the runs' warm-up, at most
 *       {@link #MAX_WARMUP_S} s), so that no thread is measured running interpreted code. Warming
 *       up first matters more here than for a run alone: once two FIFO threads take both CPUs of
 *       a 2-CPU machine, the JIT's compiler threads (normal scheduling) get only the 5 % the
 *       kernel's RT throttling leaves, and a strict thread would wait seconds for its compiled
 *       code. Then the strict threads switch to SCHED_FIFO;</li>
 *   <li>strict alone: one strict thread invokes for the duration, the others wait;</li>
 *   <li>best-effort alone: one best-effort thread invokes for the duration, the others wait;</li>
 *   <li>concurrent: all six invoke for the duration.</li>
 * </ol>
 * Each class's concurrent mean is read against its own isolated mean (phases 2 and 3).
 */
final class ConcurrentCase {

    static final int STRICT_THREADS = 2;
    static final int BEST_EFFORT_THREADS = 4;
    /** The JIT counts as done once no compilation has finished for this long. */
    static final long JIT_IDLE_MS = JitWarmUp.ROUND_MS;
    /** Warm-up gives up waiting for an idle JIT after this long, and says so. */
    static final long MAX_WARMUP_S = JitWarmUp.MAX_S;

    private static final int STRICT_ALONE = 0;
    private static final int BEST_EFFORT_ALONE = STRICT_THREADS;

    private ConcurrentCase() {
    }

    /**
     * @param progress where to print a line per phase, or null
     * @throws IllegalArgumentException when a copy of the function does not load, or a thread does not finish
     */
    static ProcessingResults.Concurrent run(ProcessingSubject subject, MemorySegment event, int durationS, PrintStream progress)
            throws InterruptedException {
        int threads = STRICT_THREADS + BEST_EFFORT_THREADS;
        long durationNs = TimeUnit.SECONDS.toNanos(durationS);
        List<FunctionRunner> runners = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                runners.add(FunctionRunner.load(subject.spec(), i < STRICT_THREADS ? QosLevel.strict() : QosLevel.bestEffort()));
            }
            Phaser phases = new Phaser(threads + 1); // the threads and this one
            AtomicBoolean warming = new AtomicBoolean(true);
            AtomicBoolean strictScheduled = new AtomicBoolean(true);
            InvocationLoop.Timed[] concurrent = new InvocationLoop.Timed[threads];
            InvocationLoop.Timed[] alone = new InvocationLoop.Timed[threads];
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                boolean strict = i < STRICT_THREADS;
                FunctionRunner runner = runners.get(i);
                started.add(Thread.ofPlatform().name("bench-" + (strict ? "strict-" : "best-effort-") + i).start(() -> {
                    MemorySegment input = event; // read-only: every thread may share the event
                    while (warming.get()) {
                        runner.invoke(input);
                    }
                    if (strict && !ThreadScheduling.apply(QosLevel.strict(), "bench strict function thread", PipelineStage.WORKER)) {
                        strictScheduled.set(false);
                    }
                    phases.arriveAndAwaitAdvance(); // warmed up, scheduled
                    if (index == STRICT_ALONE) {
                        alone[index] = InvocationLoop.time(runner, input, System.nanoTime() + durationNs, subject.label(), null);
                    }
                    phases.arriveAndAwaitAdvance();
                    if (index == BEST_EFFORT_ALONE) {
                        alone[index] = InvocationLoop.time(runner, input, System.nanoTime() + durationNs, subject.label(), null);
                    }
                    phases.arriveAndAwaitAdvance();
                    concurrent[index] = InvocationLoop.time(runner, input, System.nanoTime() + durationNs, subject.label(), null);
                    phases.arriveAndDeregister();
                }));
            }
            long warmupStartNs = System.nanoTime();
            // The six threads run the warm-up; this one only watches the JIT, a round at a time.
            boolean jitIdle = JitWarmUp.run(ConcurrentCase::sleepUntil, InvocationLoop.warmupNs(durationS));
            warming.set(false);
            double warmupS = (System.nanoTime() - warmupStartNs) / 1e9;
            say(progress, "  warm-up, all six threads at normal scheduling: %.1f s%s", warmupS,
                    jitIdle ? ", until the JIT was idle" : ", and the JIT still compiling (gave up waiting)");
            long boundNs = TimeUnit.SECONDS.toNanos(durationS + 120L);
            advance(phases, boundNs);
            advance(phases, boundNs);
            say(progress, "  strict alone (one FIFO thread): mean %s", Formats.micros(alone[STRICT_ALONE].exec().mean()));
            advance(phases, boundNs);
            say(progress, "  best-effort alone (one thread): mean %s", Formats.micros(alone[BEST_EFFORT_ALONE].exec().mean()));
            advance(phases, boundNs);
            for (Thread thread : started) {
                thread.join(TimeUnit.NANOSECONDS.toMillis(boundNs));
            }
            Histogram strict = InvocationLoop.histogram();
            Histogram bestEffort = InvocationLoop.histogram();
            long strictCount = 0;
            long bestEffortCount = 0;
            for (int i = 0; i < threads; i++) {
                if (concurrent[i] == null) {
                    throw new IllegalArgumentException("thread " + i + " did not finish within " + (durationS + 120) + " s");
                }
                if (i < STRICT_THREADS) {
                    strict.add(concurrent[i].histogram());
                    strictCount += concurrent[i].invocations();
                } else {
                    bestEffort.add(concurrent[i].histogram());
                    bestEffortCount += concurrent[i].invocations();
                }
            }
            double strictMean = InvocationLoop.Timed.exec(strict).mean();
            double bestEffortMean = InvocationLoop.Timed.exec(bestEffort).mean();
            say(progress, "  concurrent: strict mean %s, best-effort mean %s", Formats.micros(strictMean), Formats.micros(bestEffortMean));
            return new ProcessingResults.Concurrent(subject.method(), subject.language(), strictCount, bestEffortCount,
                    strictMean, alone[STRICT_ALONE].exec().mean(), bestEffortMean, alone[BEST_EFFORT_ALONE].exec().mean(),
                    strictScheduled.get(), ProcessingBench.round(warmupS, 2), jitIdle);
        } finally {
            runners.forEach(FunctionRunner::close);
        }
    }

    private static void sleepUntil(long deadlineNs) {
        LockSupport.parkNanos(deadlineNs - System.nanoTime());
    }

    private static void advance(Phaser phases, long boundNs) throws InterruptedException {
        try {
            phases.awaitAdvanceInterruptibly(phases.arrive(), boundNs, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("a thread did not finish its phase within " + TimeUnit.NANOSECONDS.toSeconds(boundNs) + " s");
        }
    }

    private static void say(PrintStream progress, String format, Object... args) {
        if (progress != null) {
            progress.printf(Locale.ROOT, format + "%n", args);
        }
    }
}
