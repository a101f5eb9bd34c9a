package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.Isolation;
import io.tempos.core.config.ProcessLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled functions called by several workers at once: each caller gets a process or instance
 * of its own, every answer is its own event's, and the pool never grows past the callers.
 */
@Timeout(60)
class ConcurrentCallsTest {

    private static final int CALLERS = 4;
    private static final int CALLS = 100;

    @Test
    void aPersistentWorkerPoolServesConcurrentCallersWithoutMixingAnswers() throws Exception {
        FunctionSpec spec = new FunctionSpec(InvocationMethod.FSPAWN, Artifacts.testNative("hostile-worker").toString(), null, true,
                10_000, List.of(), Isolation.PROCESS, null, ProcessLimits.NONE);
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(spec)) {
            callConcurrently(function);
            assertThat(function.starts()).isBetween(1, CALLERS);
        }
    }

    @Test
    void warmWasmInstancesServeConcurrentCallersWithoutMixingAnswers() throws Exception {
        try (FunctionInvocation function = WasmFunction.load(Artifacts.algorithm1Wasm().toString(), "tempos_main", true, 0)) {
            callConcurrently(function);
        }
    }

    /** Each caller sends its own distinct payloads and must get exactly them back (hostile echoes; Algorithm 1 counts). */
    private static void callConcurrently(FunctionInvocation function) throws Exception {
        boolean echo = function instanceof PersistentFunction;
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                done.add(pool.submit(() -> {
                    try (Invocations calls = new Invocations()) {
                        for (int i = 0; i < CALLS; i++) {
                            int n = caller * CALLS + i;
                            if (echo) {
                                assertThat(calls.call(function, "event " + n)).isEqualTo("event " + n);
                            } else {
                                String event = "{\"message\":\"" + "x".repeat(n % 7) + "\",\"pattern\":\"x\"}";
                                assertThat(calls.call(function, event)).startsWith("{\"occurrences\":" + (n % 7) + ",");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
