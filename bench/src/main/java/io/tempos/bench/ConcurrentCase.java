package io.tempos.bench;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.sys.ThreadScheduling;
import io.tempos.invoker.FunctionRunner;
import org.HdrHistogram.Histogram;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fig. 6: two strict and four best-effort platform threads, each with its own loaded copy of one
 * method's function, invoking it back to back for the duration. The strict threads take the
 * strict level's scheduling as an invoker worker would (SCHED_FIFO), and so do the processes their
 * functions start; the best-effort ones keep normal scheduling.
 */
final class ConcurrentCase {

    static final int STRICT_THREADS = 2;
    static final int BEST_EFFORT_THREADS = 4;

    private ConcurrentCase() {
    }

    /** @throws IllegalArgumentException when a copy of the function does not load */
    static ProcessingResults.Concurrent run(ProcessingSubject subject, ProcessingResults.Run alone, MemorySegment event, int durationS)
            throws InterruptedException {
        int threads = STRICT_THREADS + BEST_EFFORT_THREADS;
        List<FunctionRunner> runners = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                runners.add(FunctionRunner.load(subject.spec(), i < STRICT_THREADS ? QosLevel.strict() : QosLevel.bestEffort()));
            }
            CountDownLatch ready = new CountDownLatch(threads);
            AtomicReference<Long> endNs = new AtomicReference<>();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean strictScheduled = new AtomicBoolean(true);
            InvocationLoop.Timed[] results = new InvocationLoop.Timed[threads];
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                boolean strict = i < STRICT_THREADS;
                Thread thread = Thread.ofPlatform().name("bench-" + (strict ? "strict-" : "best-effort-") + i).start(() -> {
                    if (strict && !ThreadScheduling.apply(QosLevel.strict(), "bench strict function thread", PipelineStage.WORKER)) {
                        strictScheduled.set(false);
                    }
                    MemorySegment input = event; // read-only: every thread may share the event
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    results[index] = InvocationLoop.time(runners.get(index), input, endNs.get(), subject.label(), null);
                });
                started.add(thread);
            }
            ready.await();
            endNs.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(durationS));
            go.countDown();
            for (Thread thread : started) {
                thread.join(TimeUnit.SECONDS.toMillis(durationS + 120L));
            }
            Histogram strict = InvocationLoop.histogram();
            Histogram bestEffort = InvocationLoop.histogram();
            long strictCount = 0;
            long bestEffortCount = 0;
            for (int i = 0; i < threads; i++) {
                if (results[i] == null) {
                    throw new IllegalArgumentException("thread " + i + " did not finish within " + (durationS + 120) + " s");
                }
                if (i < STRICT_THREADS) {
                    strict.add(results[i].histogram());
                    strictCount += results[i].invocations();
                } else {
                    bestEffort.add(results[i].histogram());
                    bestEffortCount += results[i].invocations();
                }
            }
            double aloneMean = alone.execUs().mean();
            return new ProcessingResults.Concurrent(subject.method(), subject.language(), strictCount, bestEffortCount,
                    InvocationLoop.Timed.exec(strict).mean(), aloneMean, InvocationLoop.Timed.exec(bestEffort).mean(), aloneMean,
                    strictScheduled.get());
        } finally {
            runners.forEach(FunctionRunner::close);
        }
    }
}
