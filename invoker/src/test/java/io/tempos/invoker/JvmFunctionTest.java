package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.functions.Algorithm1;
import io.tempos.invoker.testfunctions.HostileFunction;
import io.tempos.invoker.testfunctions.NotAFunction;
import io.tempos.invoker.testfunctions.ThrowingConstructorFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JVM method: isolated loading, one warm instance, every failure turned into a value. */
@Timeout(30)
class JvmFunctionTest {

    @TempDir
    Path dir;
    private Path hostileJar;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment output = arena.allocate(LevelWorker.OUTPUT_BUFFER_BYTES);

    @BeforeEach
    void packTestFunctions() throws Exception {
        hostileJar = TestJars.of(dir, "hostile.jar", HostileFunction.class, NotAFunction.class, ThrowingConstructorFunction.class);
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @Test
    void algorithm1FromItsJarGivesTheSameBytesAsOnTheClassPath() throws Exception {
        byte[] event = Artifacts.event1k5();
        try (JvmFunction function = JvmFunction.load(Artifacts.algorithm1Jar().toString(), Algorithm1.class.getName())) {
            assertThat(invoke(function, event)).isEqualTo(new Algorithm1().apply(event));
            assertThat(function.functionClass()).isNotSameAs(Algorithm1.class);
        }
    }

    @Test
    void theFunctionComesFromItsJarAndSharesOnlyTheApi() throws Exception {
        try (JvmFunction function = JvmFunction.load(hostileJar.toString(), HostileFunction.class.getName())) {
            // HostileFunction is on the test class path too: it must still come from the jar.
            assertThat(function.functionClass().getClassLoader()).isNotSameAs(HostileFunction.class.getClassLoader());
            assertThat(function.functionClass().getClassLoader().getParent()).isSameAs(ApiOnlyClassLoader.INSTANCE);
            assertThat(io.tempos.api.Function.class.isAssignableFrom(function.functionClass())).isTrue();
            assertThat(invoke(function, "echo".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("echo");
        }
    }

    @Test
    void theApiOnlyLoaderHidesTheInvokersClassPath() throws Exception {
        assertThatThrownBy(() -> Class.forName(Invoker.class.getName(), false, ApiOnlyClassLoader.INSTANCE))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(ApiOnlyClassLoader.INSTANCE.loadClass("io.tempos.api.Function")).isSameAs(io.tempos.api.Function.class);
        assertThat(ApiOnlyClassLoader.INSTANCE.loadClass("java.net.http.HttpClient")).isSameAs(java.net.http.HttpClient.class);
    }

    @Test
    void whateverTheFunctionThrowsFailsOnlyThatEvent() throws Exception {
        try (JvmFunction function = JvmFunction.load(hostileJar.toString(), HostileFunction.class.getName())) {
            assertThatThrownBy(() -> invoke(function, bytes("throw"))).isInstanceOf(FunctionFailure.class)
                    .hasMessage(HostileFunction.class.getName() + " threw java.lang.IllegalStateException: asked to throw");
            assertThatThrownBy(() -> invoke(function, bytes("overflow"))).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("threw java.lang.StackOverflowError");
            assertThatThrownBy(() -> invoke(function, bytes("null"))).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("returned null");
            assertThatThrownBy(() -> invoke(function, bytes("huge"))).isInstanceOf(FunctionFailure.class)
                    .hasMessageContaining("returned 1048576 bytes > output buffer of 65536 bytes");
            assertThat(invoke(function, bytes("still here"))).asString().isEqualTo("still here");
        }
    }

    @Test
    void loadFailuresNameTheReason() {
        String jar = hostileJar.toString();
        assertThatThrownBy(() -> JvmFunction.load(jar, "com.example.Missing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("class com.example.Missing not found in the jar");
        assertThatThrownBy(() -> JvmFunction.load(jar, NotAFunction.class.getName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class " + NotAFunction.class.getName() + " does not implement io.tempos.api.Function");
        assertThatThrownBy(() -> JvmFunction.load(jar, ThrowingConstructorFunction.class.getName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the constructor of " + ThrowingConstructorFunction.class.getName())
                .hasMessageContaining("constructor refuses to run");
        assertThatThrownBy(() -> JvmFunction.load(dir.resolve("absent.jar").toString(), "x.Y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no jar file at ");
    }

    @Test
    void theLoaderRefusesAMissingMethodListingTheSupportedOnes() {
        assertThatThrownBy(() -> FunctionLoader.load(new FunctionSpec(null, hostileJar.toString(), "x.Y", true, 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supported: [dlf, jvm, wasmf, fspawn]");
        assertThatThrownBy(() -> FunctionLoader.load(new FunctionSpec(InvocationMethod.JVM, hostileJar.toString(), null, true, 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.tempos.api.Function is required");
    }

    @Test
    void aSleepingFunctionIsInterruptedAtItsTimeout() throws Exception {
        try (Watchdog watchdog = new Watchdog("test-watchdog");
             JvmFunction function = JvmFunction.load(hostileJar.toString(), HostileFunction.class.getName())) {
            Deadline deadline = watchdog.register(Thread.currentThread());
            MemorySegment input = arena.allocateFrom(ValueLayout.JAVA_BYTE, "sleep-long".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> function.invoke(input, output, deadline.start(System.nanoTime(), 100_000_000L)))
                    .isInstanceOf(FunctionFailure.class)
                    .satisfies(e -> assertThat(((FunctionFailure) e).timedOut()).isTrue())
                    .hasMessageContaining("was interrupted at its timeout of 100 ms");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    private byte[] invoke(FunctionInvocation function, byte[] payload) throws FunctionFailure {
        MemorySegment input = arena.allocateFrom(ValueLayout.JAVA_BYTE, payload);
        long written = function.invoke(input, output, Deadline.unwatched(10_000_000_000L));
        return output.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
