package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.Isolation;
import io.tempos.core.config.ProcessLimits;
import io.tempos.core.qos.QosLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tempos.invoker.InvokerFixture.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Persistent workers: FSPAWN with mode = "warm" (C, Python and Node workers of Algorithm 1) and
 * DLF with isolation = "process" (tempos-dlf-host), their protocol, and every way they break.
 */
@Timeout(60)
class PersistentFunctionTest {

    private final Invocations calls = new Invocations();

    @AfterEach
    void close() {
        calls.close();
    }

    static FunctionSpec worker(Path program, long timeoutMs) {
        return new FunctionSpec(InvocationMethod.FSPAWN, program.toString(), null, true, timeoutMs, List.of(),
                Isolation.PROCESS, null, ProcessLimits.NONE);
    }

    static FunctionSpec isolatedDlf(Path library, boolean warm, long timeoutMs) {
        return new FunctionSpec(InvocationMethod.DLF, library.toString(), "tempos_main", warm, timeoutMs, List.of(),
                Isolation.PROCESS, null, ProcessLimits.NONE);
    }

    @Test
    void theCPythonAndNodeWorkersGiveTheExpectedBytesForEveryVector() throws Exception {
        for (Path program : List.of(Artifacts.algorithm1Worker(), Artifacts.python("algorithm1_worker.py"),
                Artifacts.node("algorithm1-worker.js"))) {
            try (FunctionInvocation function = FunctionLoader.load(worker(program, 10_000))) {
                assertThat(function).as(program.toString()).isInstanceOf(PersistentFunction.class);
                calls.assertMatchesJava(function);
                calls.assertAllVectors(function);
                assertThat(((PersistentFunction) function).starts()).as("one process served them all").isEqualTo(1);
            }
        }
    }

    @Test
    void anIsolatedDlfGivesTheJavaTwinsBytesWarmAndCold() throws Exception {
        for (boolean warm : new boolean[] {true, false}) {
            try (FunctionInvocation function = FunctionLoader.load(isolatedDlf(Artifacts.algorithm1Library(), warm, 10_000))) {
                calls.assertMatchesJava(function);
                calls.assertAllVectors(function);
                assertThatThrownBy(() -> calls.call(function, "{")).isInstanceOf(FunctionFailure.class)
                        .hasMessageContaining("returned -1 (malformed input)");
            }
        }
    }

    @Test
    void aSegfaultInAnIsolatedDlfFailsOnlyThatEventAndTheHostIsRestarted() throws Exception {
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(isolatedDlf(Artifacts.testNative("libhostile.so"), true, 10_000))) {
            assertThat(calls.call(function, "before")).isEqualTo("before");
            assertThatThrownBy(() -> calls.call(function, "segv")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("killed by signal 11 (SIGSEGV)").hasMessageContaining("it is restarted");
            assertThat(calls.call(function, "after")).isEqualTo("after");
            assertThat(function.starts()).isEqualTo(2);
        }
    }

    @Test
    void aLibraryThatDoesNotLoadIsRefusedWithTheLoadersText() {
        Path missing = Artifacts.algorithm1Library().resolveSibling("libnothing.so");
        assertThatThrownBy(() -> FunctionLoader.load(isolatedDlf(missing, true, 10_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exited with status 3").hasMessageContaining("dlopen failed").hasMessageContaining("libnothing.so");
    }

    @Test
    void anErrorAnswerFailsTheEventAndKeepsTheWorker() throws Exception {
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testNative("hostile-worker"), 10_000))) {
            assertThatThrownBy(() -> calls.call(function, "fail")).isInstanceOf(FunctionFailure.class)
                    .hasMessage("worker hostile-worker failed: malformed input");
            assertThat(calls.call(function, "ok")).isEqualTo("ok");
            assertThat(function.starts()).isEqualTo(1);
        }
    }

    @Test
    void aWorkerThatExitsFailsTheEventInFlightAndIsRestarted() throws Exception {
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testNative("hostile-worker"), 10_000))) {
            assertThatThrownBy(() -> calls.call(function, "exit")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("exited with status 3 before answering");
            assertThat(calls.call(function, "again")).isEqualTo("again");
            assertThat(function.starts()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerThatDiedWhileIdleIsReplacedAndTheEventStillServed() throws Exception {
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testNative("hostile-worker"), 10_000))) {
            int pid = function.idlePids().getFirst();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            waiting().until(() -> !Processes.isAlive(pid));
            assertThat(calls.call(function, "served")).isEqualTo("served");
            assertThat(function.starts()).isEqualTo(2);
        }
    }

    @Test
    void aHungWorkerIsKilledAtTheDeadlineAndRestarted() throws Exception {
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testNative("hostile-worker"), 10_000))) {
            int pid = function.idlePids().getFirst();
            Deadline deadline = Deadline.unwatched(TimeUnit.MILLISECONDS.toNanos(200));
            assertThatThrownBy(() -> calls.call(function, "hang".getBytes(), deadline)).isInstanceOf(FunctionFailure.class)
                    .satisfies(e -> assertThat(((FunctionFailure) e).timedOut()).isTrue())
                    .hasMessageContaining("ran past its deadline: killed its process group");
            assertThat(Processes.isAlive(pid)).isFalse();
            assertThat(calls.call(function, "alive")).isEqualTo("alive");
        }
    }

    @Test
    void aWorkerThatWritesGarbageIsKilledAndTheEventFails() throws Exception {
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testScript("garbage-worker.sh"), 10_000))) {
            int pid = function.idlePids().getFirst();
            assertThatThrownBy(() -> calls.call(function, "x")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("broke the protocol: it answered status 0x67");
            assertThat(Processes.isAlive(pid)).as("its sleep, in its group, is gone too").isFalse();
            assertThatThrownBy(() -> calls.call(function, "y")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("broke the protocol");
            assertThat(function.starts()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerThatDiesAtStartIsRefusedWithItsStderr() {
        assertThatThrownBy(() -> FunctionLoader.load(worker(Artifacts.testScript("dies-at-start.sh"), 10_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exited with status 1 while starting (before READY)")
                .hasMessageContaining("stderr: dies-at-start: cannot load its function");
    }

    @Test
    void aWorkerThatIsNeverReadyIsRefusedAfterTheTimeout() {
        assertThatThrownBy(() -> FunctionLoader.load(worker(Artifacts.testScript("never-ready.sh"), 300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ran past its deadline");
    }

    @Test
    void closingKillsTheWorkers() throws Exception {
        PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testNative("hostile-worker"), 10_000));
        int pid = function.idlePids().getFirst();
        assertThat(Processes.isAlive(pid)).isTrue();
        function.close();
        waiting().until(() -> !Processes.isAlive(pid));
    }

    @Test
    void aStrictWorkerRunsSchedFifo99() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "real-time policies need root");
        // Started here, on the test's own (normal) thread: the policy comes from posix_spawn's attributes.
        try (PersistentFunction function = (PersistentFunction) FunctionLoader.load(worker(Artifacts.testNative("hostile-worker"), 10_000),
                QosLevel.strict())) {
            int pid = function.idlePids().getFirst();
            assertThat(Processes.policy(pid)).isEqualTo(1);
            assertThat(Processes.rtPriority(pid)).isEqualTo(99);
            assertThat(calls.call(function, "sched")).isEqualTo("policy=1 priority=99");
        }
    }
}
