package io.tempos.core.config;

import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys of WASMF and FSPAWN workflows: defaults per method, and every misuse named by its key path. */
@Timeout(30)
class FunctionKeysTest {

    @TempDir
    Path dir;

    @Test
    void wasmfAndFspawnDefaultToAFreshInstanceOrProcessPerEvent() throws IOException {
        Files.createFile(dir.resolve("f.wasm"));
        Files.createFile(dir.resolve("f.py"));
        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + """
                [workflows.w]
                level = "strict"
                topic = "sq"
                method = "wasmf"
                artifact = "f.wasm"
                [workflows.s]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "f.py"
                """, dir);

        assertThat(d.workflows().get("w").function()).isEqualTo(new FunctionSpec(InvocationMethod.WASMF,
                dir.resolve("f.wasm").toString(), "tempos_main", false, 10_000, List.of(), Isolation.NONE, null, ProcessLimits.NONE));
        assertThat(d.workflows().get("s").function()).isEqualTo(new FunctionSpec(InvocationMethod.FSPAWN,
                dir.resolve("f.py").toString(), null, false, 10_000, List.of(), Isolation.PROCESS, null, ProcessLimits.NONE));
    }

    @Test
    void aPersistentSandboxedWorkerWithLimitsReadsEveryKey() throws IOException {
        Files.createFile(dir.resolve("worker"));
        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + """
                [workflows.w]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                mode = "warm"
                artifact = "worker"
                args = ["--fast", "x"]
                isolation = "bwrap"
                max-memory-mb = 128
                max-cpu-seconds = 60
                max-open-files = 64
                timeout-ms = 500
                """, dir);

        assertThat(d.workflows().get("w").function()).isEqualTo(new FunctionSpec(InvocationMethod.FSPAWN,
                dir.resolve("worker").toString(), null, true, 500, List.of("--fast", "x"), Isolation.BWRAP, null,
                new ProcessLimits(128, 60, 64)));
    }

    @Test
    void anIsolatedDlfAndAContainerAreRead() throws IOException {
        Files.createFile(dir.resolve("lib.so"));
        Files.createFile(dir.resolve("prog"));
        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + """
                [workflows.d]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "lib.so"
                isolation = "process"
                max-memory-mb = 64
                [workflows.c]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "prog"
                isolation = "container"
                container-image = "debian:12-slim"
                """, dir);

        assertThat(d.workflows().get("d").function().isolation()).isEqualTo(Isolation.PROCESS);
        assertThat(d.workflows().get("d").function().warm()).isTrue();
        assertThat(d.workflows().get("c").function().containerImage()).isEqualTo("debian:12-slim");
    }

    @Test
    void keysThatCannotTakeEffectForTheMethodAreRefusedWithTheirPath() throws IOException {
        Files.createFile(dir.resolve("lib.so"));
        Files.createFile(dir.resolve("f.jar"));
        Files.createFile(dir.resolve("f.wasm"));
        Files.createFile(dir.resolve("prog"));
        List<String> problems = ConfigProblems.of(TestDeployments.baseToml() + """
                [workflows.a]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "lib.so"
                isolation = "bwrap"
                max-cpu-seconds = 5
                args = ["x"]
                [workflows.b]
                level = "best-effort"
                topic = "bq"
                method = "jvm"
                artifact = "f.jar"
                entry = "F"
                max-memory-mb = 10
                [workflows.c]
                level = "best-effort"
                topic = "bq"
                method = "wasmf"
                artifact = "f.wasm"
                max-memory-mb = 5000
                max-open-files = 10
                [workflows.d]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "prog"
                isolation = "container"
                [workflows.e]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "prog"
                isolation = "none"
                container-image = "debian"
                [workflows.f]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "prog"
                isolation = "vm"
                max-memory-mb = 0
                """, dir);

        String process = " applies to a function in a process of its own (method fspawn, or dlf with isolation = \"process\")";
        assertThat(problems).containsExactlyInAnyOrder(
                "workflows.a.isolation: 'bwrap' is not available for method dlf; one of [none, process]",
                "workflows.a.args: applies to method fspawn only (the program's arguments)",
                "workflows.a.max-cpu-seconds:" + process,
                "workflows.b.max-memory-mb:" + process + " or to method wasmf",
                "workflows.c.max-memory-mb: 5000 > 4096, the most a wasm32 memory can address",
                "workflows.c.max-open-files:" + process,
                "workflows.d.container-image: required with isolation = \"container\", e.g. \"debian:12-slim\"",
                "workflows.e.isolation: 'none' is not available for method fspawn; one of [process, bwrap, container]",
                "workflows.e.container-image: applies only with isolation = \"container\"",
                "workflows.f.isolation: 'vm' is not one of none, process, bwrap, container",
                "workflows.f.max-memory-mb: must be an integer in 1..1048576, got number 0");
    }

    @Test
    void theJsonFormCarriesEveryKeyAndOldJsonGetsTheDefaults() {
        FunctionSpec full = new FunctionSpec(InvocationMethod.FSPAWN, "/opt/fn/worker", null, true, 500, List.of("-v"),
                Isolation.CONTAINER, "debian:12-slim", new ProcessLimits(128, 60, 64));
        assertThat(DeploymentJson.read(DeploymentJson.write(full), FunctionSpec.class)).isEqualTo(full);

        FunctionSpec old = DeploymentJson.read("""
                {"method":"DLF","artifact":"/opt/lib.so","entry":"tempos_main","warm":true,"timeoutMs":1000}""", FunctionSpec.class);
        assertThat(old).isEqualTo(new FunctionSpec(InvocationMethod.DLF, "/opt/lib.so", "tempos_main", true, 1000));
        assertThat(old.isolation()).isEqualTo(Isolation.NONE);
        assertThat(old.limits()).isEqualTo(ProcessLimits.NONE);
    }
}
