package io.tempos.invoker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WASMF on Chicory's compiler: Algorithm 1 built by clang, and a hand-encoded module that misbehaves. */
@Timeout(60)
class WasmFunctionTest {

    private final Invocations calls = new Invocations();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        calls.close();
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {false, true})
    void algorithm1CompiledToWasmGivesTheExpectedBytesForEveryVector(boolean warm) throws Exception {
        try (FunctionInvocation function = WasmFunction.load(Artifacts.algorithm1Wasm().toString(), "tempos_main", warm, 0)) {
            calls.assertMatchesJava(function);
            calls.assertAllVectors(function);
        }
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {false, true})
    void aTrapFailsTheEventAndTheNextOneRunsOnASoundInstance(boolean warm) throws Exception {
        try (FunctionInvocation function = load(TestWasmModules.hostile(3), warm, 0)) {
            assertThat(calls.call(function, "echo")).isEqualTo("echo");
            assertThatThrownBy(() -> calls.call(function, "trap")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("trapped");
            assertThatThrownBy(() -> calls.call(function, "recurse")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("trapped");
            assertThat(calls.call(function, "echo again")).isEqualTo("echo again");
        }
    }

    @Test
    void aLengthBeyondOutCapIsGarbage() throws Exception {
        try (FunctionInvocation function = load(TestWasmModules.hostile(3), true, 0)) {
            assertThatThrownBy(() -> calls.call(function, "big")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("returned 65537 > out_cap 65536 (garbage");
        }
    }

    @Test
    void aFreshInstanceWhoseOutputRegionIsTooSmallIsRunAgainWithTheWholeBuffer() throws Exception {
        try (FunctionInvocation function = load(TestWasmModules.hostile(3), false, 0)) {
            assertThat(calls.call(function, "wide")).as("first a %d-byte region, then the whole buffer",
                    WasmFunction.FRESH_OUTPUT_BYTES).isEqualTo("wide");
            assertThat(calls.call(function, "wide again")).isEqualTo("wide again");
            assertThat(calls.call(function, "echo")).isEqualTo("echo");
        }
    }

    @Test
    void memoryGrowsNoFurtherThanMaxMemoryMb() throws Exception {
        try (FunctionInvocation capped = load(TestWasmModules.hostile(3), false, 4);
             FunctionInvocation roomy = load(TestWasmModules.hostile(3), false, 128)) {
            assertThatThrownBy(() -> calls.call(capped, "grow")).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("returned -3 (error code -3)");
            assertThat(calls.call(roomy, "grow")).isEmpty();
        }
    }

    @Test
    void aModuleWhoseMemoryStartsAboveTheCapIsRefused() throws Exception {
        assertThatThrownBy(() -> load(TestWasmModules.hostile(100), false, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the module's memory starts at 100 pages of 64 KiB > 64 pages allowed (max-memory-mb 4)");
    }

    @Test
    void anEndlessLoopIsStoppedAtTheDeadlineByTheWatchdog() throws Exception {
        try (Watchdog watchdog = new Watchdog("test-watchdog");
             FunctionInvocation function = load(TestWasmModules.hostile(3), true, 0)) {
            Deadline deadline = watchdog.register(Thread.currentThread());
            deadline.start(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200));
            assertThatThrownBy(() -> calls.call(function, "loop".getBytes(), deadline)).isInstanceOf(FunctionFailure.class)
                    .satisfies(e -> assertThat(((FunctionFailure) e).timedOut()).isTrue())
                    .hasMessageContaining("was stopped at its timeout of 200 ms");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is cleared").isFalse();
            deadline.start(System.nanoTime(), TimeUnit.SECONDS.toNanos(10));
            assertThat(calls.call(function, "echo".getBytes(), deadline)).asString().isEqualTo("echo");
        }
    }

    @Test
    void aModuleWithImportsIsRefused() {
        assertThatThrownBy(() -> load(TestWasmModules.hostile(3, true), false, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the module imports [env.host (FUNCTION)]").hasMessageContaining("no WASI");
    }

    @Test
    void aMissingEntryOrAFileThatIsNotAModuleIsRefused() throws Exception {
        Path module = Files.write(dir.resolve("hostile.wasm"), TestWasmModules.hostile(3));
        assertThatThrownBy(() -> WasmFunction.load(module.toString(), "no_such_entry", false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not export no_such_entry");
        Path text = Files.writeString(dir.resolve("text.wasm"), "(module)");
        assertThatThrownBy(() -> WasmFunction.load(text.toString(), "tempos_main", false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a valid WebAssembly module");
        assertThatThrownBy(() -> WasmFunction.load(dir.resolve("none.wasm").toString(), "tempos_main", false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot read the module");
    }

    private FunctionInvocation load(byte[] module, boolean warm, long maxMemoryMb) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "module", ".wasm"), module);
        return WasmFunction.load(file.toString(), "tempos_main", warm, maxMemoryMb);
    }
}
