package io.tempos.invoker;

import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.tempos.invoker.InvokerFixture.BEST_EFFORT;
import static io.tempos.invoker.InvokerFixture.STRICT;
import static io.tempos.invoker.InvokerFixture.waiting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invocation method through a running invoker, over UDP on loopback, configured from TOML:
 * events complete, and faults (a segfault, a hang) are counted against their events while the
 * invoker goes on serving.
 */
@Timeout(60)
class InvokerMethodsTest {

    @TempDir
    Path dir;
    private InvokerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void eachMethodRunsAlgorithm1AndFaultsAreCountedWhileTheInvokerGoesOn() throws Exception {
        fixture = InvokerFixture.start("""
                [workflows.wasm]
                level = "strict"
                topic = "sq"
                method = "wasmf"
                artifact = "%s"
                [workflows.spawn]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "%s"
                [workflows.python-worker]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                mode = "warm"
                artifact = "%s"
                [workflows.isolated]
                level = "strict"
                topic = "sq"
                method = "dlf"
                isolation = "process"
                artifact = "%s"
                [workflows.hang]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "%s"
                timeout-ms = 200
                max-memory-mb = 256
                """.formatted(Artifacts.algorithm1Wasm(), Artifacts.algorithm1Executable(), Artifacts.python("algorithm1_worker.py"),
                Artifacts.testNative("libhostile.so"), Artifacts.testNative("hostile")), dir);

        byte[] event = Artifacts.event1k5();
        fixture.sendAndAwaitCompleted("wasm", STRICT, event);
        fixture.sendAndAwaitCompleted("spawn", BEST_EFFORT, event);
        fixture.sendAndAwaitCompleted("python-worker", BEST_EFFORT, event);

        fixture.sender.send(fixture.port(STRICT), "isolated", STRICT, bytes("segv"));
        fixture.awaitDropped("isolated", DropReason.FUNCTION_FAILED, 0, 1);
        fixture.sendAndAwaitCompleted("isolated", STRICT, bytes("still serving"));

        fixture.sender.send(fixture.port(BEST_EFFORT), "hang", BEST_EFFORT, bytes("hang"));
        fixture.awaitDropped("hang", DropReason.TIMEOUT, 0, 1);
        fixture.sendAndAwaitCompleted("hang", BEST_EFFORT, bytes("echo"));

        fixture.awaitAllAccounted();
        waiting().untilAsserted(() -> assertThat(fixture.invoker.stats().workflows())
                .allSatisfy(w -> assertThat(w.dropped().keySet()).as(w.workflow()).isSubsetOf("function-failed", "timeout")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
