package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.Isolation;
import io.tempos.core.config.ProcessLimits;
import io.tempos.core.qos.QosLevel;
import io.tempos.functions.Algorithm1;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.tempos.invoker.InvokerFixture.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FSPAWN with a process per event: real posix_spawn of C, Rust, Python and Node programs, and every fault. */
@Timeout(60)
class SpawnFunctionTest {

    private final Invocations calls = new Invocations();

    @AfterEach
    void close() {
        calls.close();
    }

    static FunctionSpec spawn(Path program, long timeoutMs, List<String> args, Isolation isolation, ProcessLimits limits) {
        return new FunctionSpec(InvocationMethod.FSPAWN, program.toString(), null, false, timeoutMs, args, isolation, null, limits);
    }

    static FunctionSpec spawn(Path program) {
        return spawn(program, 10_000, List.of(), Isolation.PROCESS, ProcessLimits.NONE);
    }

    @Test
    void theCExecutableGivesTheJavaTwinsBytesForEveryVector() throws Exception {
        try (FunctionInvocation function = FunctionLoader.load(spawn(Artifacts.algorithm1Executable()))) {
            assertThat(function).isInstanceOf(SpawnFunction.class);
            calls.assertMatchesJava(function);
            calls.assertAllVectors(function);
        }
    }

    @Test
    void theRustExecutableGivesTheJavaTwinsBytes() throws Exception {
        Path rust = Artifacts.rustOrNull();
        Assumptions.assumeTrue(rust != null, "no rustc on this machine: the build skipped functions/algorithm1-rust (see its notice)");
        try (FunctionInvocation function = FunctionLoader.load(spawn(rust))) {
            calls.assertMatchesJava(function);
        }
    }

    @Test
    void thePythonAndNodeScriptsGiveTheJavaTwinsBytes() throws Exception {
        for (Path script : List.of(Artifacts.python("algorithm1.py"), Artifacts.node("algorithm1.js"))) {
            try (FunctionInvocation function = FunctionLoader.load(spawn(script))) {
                byte[] event = Artifacts.event1k5();
                assertThat(calls.call(function, event)).as(script.toString()).isEqualTo(new Algorithm1().apply(event));
                assertThatThrownBy(() -> calls.call(function, "{\"message\": 1}")).as(script.toString())
                        .isInstanceOf(FunctionFailure.class).hasMessageContaining("exited with status 2")
                        .hasMessageContaining("malformed input");
            }
        }
    }

    @Test
    void anEmptyPayloadClosesStdinAtOnce() throws Exception {
        try (FunctionInvocation function = FunctionLoader.load(spawn(Artifacts.testNative("hostile")))) {
            assertThat(calls.call(function, "")).isEmpty();
        }
    }

    @Test
    void aNonZeroExitFailsTheEventWithItsStatusAndStderr() throws Exception {
        try (FunctionInvocation function = FunctionLoader.load(spawn(Artifacts.algorithm1Executable()))) {
            assertThatThrownBy(() -> calls.call(function, "not json")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("exited with status 2").hasMessageContaining("stderr: algorithm1: malformed input");
            assertThat(calls.call(function, "{\"message\":\"aa\",\"pattern\":\"a\"}")).isEqualTo("{\"occurrences\":2,\"result\":1.000}");
        }
    }

    @Test
    void aCrashIsReportedWithItsSignal() throws Exception {
        try (FunctionInvocation function = FunctionLoader.load(spawn(Artifacts.testNative("hostile")))) {
            assertThatThrownBy(() -> calls.call(function, "segv")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("killed by signal 11 (SIGSEGV)");
        }
    }

    @Test
    void aHangIsKilledWithItsWholeProcessGroupAtTheDeadline() throws Exception {
        assertForkHangIsKilledWithEverythingItStarted(Isolation.PROCESS);
    }

    /** fork-hang leaves a child behind in the group, then spins: at the 300 ms deadline both must go. */
    private void assertForkHangIsKilledWithEverythingItStarted(Isolation isolation) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        FunctionSpec spec = spawn(Artifacts.testNative("hostile"), 300, List.of(marker), isolation, ProcessLimits.NONE);
        try (FunctionInvocation function = FunctionLoader.load(spec)) {
            Deadline deadline = Deadline.unwatched(TimeUnit.MILLISECONDS.toNanos(300));
            assertThatThrownBy(() -> calls.call(function, "fork-hang".getBytes(), deadline)).isInstanceOf(FunctionFailure.class)
                    .satisfies(e -> assertThat(((FunctionFailure) e).timedOut()).isTrue())
                    .hasMessageContaining("ran past its timeout of 300 ms: killed its process group");
        }
        waiting().untilAsserted(() -> assertThat(Processes.aliveWith(marker)).isEmpty());
    }

    @Test
    void outputBeyondTheBufferKillsTheProcessAndFailsTheEvent(@TempDir Path dir) throws Exception {
        Path flood = script(dir, "flood.sh", "#!/bin/sh\nhead -c 100000 /dev/zero\n");
        try (FunctionInvocation function = FunctionLoader.load(spawn(flood))) {
            assertThatThrownBy(() -> calls.call(function, "x")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("wrote more than 65536 bytes to stdout");
        }
    }

    @Test
    void aMemoryLimitMakesAllocationFail() throws Exception {
        FunctionSpec spec = spawn(Artifacts.testNative("hostile"), 10_000, List.of(), Isolation.PROCESS, new ProcessLimits(64, 0, 0));
        try (FunctionInvocation function = FunctionLoader.load(spec)) {
            assertThat(calls.call(function, "alloc:16")).isEqualTo("alloc:16");
            assertThatThrownBy(() -> calls.call(function, "alloc:256")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("exited with status 2").hasMessageContaining("cannot allocate 256 MiB");
        }
    }

    @Test
    void aCpuLimitKillsASpinningProcess() throws Exception {
        FunctionSpec spec = spawn(Artifacts.testNative("hostile"), 20_000, List.of(), Isolation.PROCESS, new ProcessLimits(0, 1, 0));
        try (FunctionInvocation function = FunctionLoader.load(spec)) {
            assertThatThrownBy(() -> calls.call(function, "hang")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("killed by signal").hasMessageMatching("(?s).*(SIGXCPU|SIGKILL).*");
        }
    }

    @Test
    void aMissingOrNonExecutableProgramIsRefusedAtLoad(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> FunctionLoader.load(spawn(dir.resolve("nothing"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no program at ");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "not a program");
        assertThatThrownBy(() -> FunctionLoader.load(spawn(plain)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not executable");
    }

    @Test
    void aFileThatCannotBeExecutedFailsTheEventWithErrno(@TempDir Path dir) throws Exception {
        Path garbage = script(dir, "garbage", "\u0001\u0002 not an executable format");
        try (FunctionInvocation function = FunctionLoader.load(spawn(garbage))) {
            assertThatThrownBy(() -> calls.call(function, "x")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("cannot start").hasMessageContaining("ENOEXEC");
        }
    }

    @Test
    void bubblewrapRunsTheProgramInASandbox() throws Exception {
        FunctionSpec spec = spawn(Artifacts.algorithm1Executable(), 10_000, List.of(), Isolation.BWRAP, ProcessLimits.NONE);
        try (FunctionInvocation function = FunctionLoader.load(spec)) {
            assertThat(function.toString()).contains("bwrap");
            calls.assertMatchesJava(function);
        }
    }

    @Test
    void aHangInsideBubblewrapIsKilledWithEverythingItStarted() throws Exception {
        assertForkHangIsKilledWithEverythingItStarted(Isolation.BWRAP);
    }

    @Test
    void aContainerWithoutAnEngineIsRefusedClearly() {
        FunctionSpec spec = new FunctionSpec(InvocationMethod.FSPAWN, Artifacts.algorithm1Executable().toString(), null, false,
                10_000, List.of(), Isolation.CONTAINER, "debian:12-slim", ProcessLimits.NONE);
        FunctionInvocation function;
        try {
            function = FunctionLoader.load(spec);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("isolation = \"container\" is not available here: ")
                    .hasMessageContaining("use isolation = \"process\" or \"bwrap\"");
            return;
        }
        function.close();
        Assumptions.abort("a container engine answers on this machine: nothing to refuse");
    }

    @Test
    void aStrictLevelsProcessRunsSchedFifo() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "real-time policies need root");
        try (FunctionInvocation function = FunctionLoader.load(spawn(Artifacts.testNative("hostile")), QosLevel.strict())) {
            assertThat(calls.call(function, "sched")).isEqualTo("policy=1 priority=99");
        }
        try (FunctionInvocation function = FunctionLoader.load(spawn(Artifacts.testNative("hostile")), QosLevel.bestEffort())) {
            assertThat(calls.call(function, "sched")).isEqualTo("policy=0 priority=0");
        }
    }

    static Path script(Path dir, String name, String text) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
