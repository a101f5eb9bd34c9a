package io.tempos.invoker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference count that keeps a replaced function open until its last call returns. */
@Timeout(30)
class LoadedFunctionTest {

    /** Counts closes and calls made after the close (which must never happen). */
    private static final class CountingFunction implements FunctionInvocation {
        final AtomicInteger closes = new AtomicInteger();
        final AtomicLong callsAfterClose = new AtomicLong();

        @Override
        public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) {
            if (closes.get() > 0) {
                callsAfterClose.incrementAndGet();
            }
            return 0;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void retiringAFunctionInUseClosesItWhenTheCallReturns() {
        CountingFunction counting = new CountingFunction();
        LoadedFunction function = new LoadedFunction(null, counting);

        assertThat(function.acquire()).isTrue();
        function.retire();
        assertThat(counting.closes).hasValue(0);
        function.release();

        assertThat(counting.closes).hasValue(1);
        assertThat(function.isClosed()).isTrue();
        assertThat(function.acquire()).as("a closed function is never handed out again").isFalse();
    }

    @Test
    void retiringAnIdleFunctionClosesItAtOnce() {
        CountingFunction counting = new CountingFunction();
        new LoadedFunction(null, counting).retire();
        assertThat(counting.closes).hasValue(1);
    }

    @Test
    void underContentionItClosesExactlyOnceAndNeverUnderACall() throws Exception {
        for (int round = 0; round < 200; round++) {
            CountingFunction counting = new CountingFunction();
            LoadedFunction function = new LoadedFunction(null, counting);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(3);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    while (!stop.get() && function.acquire()) {
                        try {
                            function.invocation().invoke(MemorySegment.NULL, MemorySegment.NULL, null);
                        } catch (FunctionFailure e) {
                            throw new AssertionError(e);
                        } finally {
                            function.release();
                        }
                    }
                }));
            }
            started.await();
            function.retire();
            stop.set(true);
            for (Thread caller : callers) {
                caller.join();
            }
            assertThat(counting.closes).hasValue(1);
            assertThat(counting.callsAfterClose).hasValue(0);
        }
    }
}
