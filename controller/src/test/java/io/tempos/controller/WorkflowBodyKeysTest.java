package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.Isolation;
import io.tempos.core.config.ProcessLimits;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key of a {@code [workflows.<name>]} table is accepted in a workflow body, with the
 * file's defaults (the method's mode and entry), and each bad value is a 400 naming its key.
 */
@Timeout(30)
class WorkflowBodyKeysTest {

    @TempDir
    Path dir;

    private Deployment initial;
    @AutoClose
    private ControllerFixture fixture;
    private String program;

    @BeforeEach
    void start() throws Exception {
        initial = TestDeployments.parse(TestDeployments.baseToml(), dir);
        program = Files.createFile(dir.resolve("algorithm1")).toString();
        fixture = ControllerFixture.start(initial);
    }

    private FunctionSpec created(String name, String keys) {
        ApiClient.Answer answer = fixture.api().post("/workflows", """
                {"name": "%s", "level": "best-effort", "topic": "bq", "artifact": "%s", %s}
                """.formatted(name, program, keys));
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(201);
        FunctionSpec function = fixture.controller().deployment().workflows().get(name).function();
        assertThat(fixture.standIns().get("edge").configuration().workflows().get(name).function()).isEqualTo(function);
        return function;
    }

    @Test
    void fspawnTakesArgsLimitsAndSandboxAndIsColdByDefault() {
        FunctionSpec function = created("spawn", """
                "method": "fspawn", "args": ["--pattern", "door"], "isolation": "bwrap",
                "max-memory-mb": 64, "max-cpu-seconds": 2, "max-open-files": 32, "timeout-ms": 500""");

        assertThat(function).isEqualTo(new FunctionSpec(InvocationMethod.FSPAWN, program, null, false, 500,
                List.of("--pattern", "door"), Isolation.BWRAP, null, new ProcessLimits(64, 2, 32)));
    }

    @Test
    void fspawnWarmIsAPersistentWorkerInAContainer() {
        FunctionSpec function = created("worker", """
                "method": "fspawn", "mode": "warm", "isolation": "container", "container-image": "debian:12-slim\"""");

        assertThat(function).isEqualTo(new FunctionSpec(InvocationMethod.FSPAWN, program, null, true, 10_000,
                List.of(), Isolation.CONTAINER, "debian:12-slim", ProcessLimits.NONE));
    }

    @Test
    void wasmfIsColdWithTheDefaultEntryAndItsMemoryCap() {
        FunctionSpec function = created("wasm", "\"method\": \"wasmf\", \"max-memory-mb\": 32");

        assertThat(function).isEqualTo(new FunctionSpec(InvocationMethod.WASMF, program, "tempos_main", false, 10_000,
                List.of(), Isolation.NONE, null, new ProcessLimits(32, 0, 0)));
    }

    @Test
    void wasmfWarmIsPooled() {
        assertThat(created("wasm", "\"method\": \"wasmf\", \"mode\": \"warm\"").warm()).isTrue();
    }

    @Test
    void dlfInAHelperProcessTakesProcessLimits() {
        FunctionSpec function = created("isolated", """
                "method": "dlf", "isolation": "process", "max-memory-mb": 128, "max-cpu-seconds": 5, "max-open-files": 16""");

        assertThat(function).isEqualTo(new FunctionSpec(InvocationMethod.DLF, program, "tempos_main", true, 10_000,
                List.of(), Isolation.PROCESS, null, new ProcessLimits(128, 5, 16)));
    }

    @Test
    void patchToAnotherMethodKeepsTheGivenKeysAndTakesTheNewMethodsIsolation() {
        created("door-3", "\"method\": \"dlf\", \"mode\": \"cold\"");

        ApiClient.Answer spawn = fixture.api().patch("/workflows/door-3", """
                {"method": "fspawn", "entry": null, "args": ["-v"], "max-open-files": 8}""");

        assertThat(spawn.status()).as(spawn.raw().body()).isEqualTo(200);
        assertThat(fixture.controller().deployment().workflows().get("door-3").function()).isEqualTo(new FunctionSpec(
                InvocationMethod.FSPAWN, program, null, false, 10_000, List.of("-v"), Isolation.PROCESS, null, new ProcessLimits(0, 0, 8)));

        ApiClient.Answer unlimited = fixture.api().patch("/workflows/door-3", "{\"max-open-files\": null, \"args\": null}");

        assertThat(unlimited.status()).as(unlimited.raw().body()).isEqualTo(200);
        FunctionSpec function = fixture.controller().deployment().workflows().get("door-3").function();
        assertThat(function.limits()).isEqualTo(ProcessLimits.NONE);
        assertThat(function.args()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            args not an array        | "method": "fspawn", "args": "-v"                                | args: must be an array of strings, got string "-v"
            args of another method   | "method": "dlf", "args": ["-v"]                                 | args: applies to method fspawn only
            unknown isolation        | "method": "fspawn", "isolation": "vm"                           | isolation: 'vm' is not one of none, process, bwrap, container
            isolation of another method | "method": "dlf", "isolation": "bwrap"                        | isolation: 'bwrap' is not available for method dlf; one of [none, process]
            container without image  | "method": "fspawn", "isolation": "container"                    | container-image: required with isolation = "container"
            image without container  | "method": "fspawn", "container-image": "debian:12-slim"         | container-image: applies only with isolation = "container"
            memory zero              | "method": "fspawn", "max-memory-mb": 0                          | max-memory-mb: must be an integer in 1..1048576, got number 0
            memory of jvm            | "method": "jvm", "entry": "com.example.Fn", "max-memory-mb": 64 | max-memory-mb: applies to a function in a process of its own
            memory beyond wasm32     | "method": "wasmf", "max-memory-mb": 5000                        | max-memory-mb: 5000 > 4096, the most a wasm32 memory can address
            cpu too long             | "method": "fspawn", "max-cpu-seconds": 90000                    | max-cpu-seconds: must be an integer in 1..86400, got number 90000
            cpu in process           | "method": "dlf", "max-cpu-seconds": 1                           | max-cpu-seconds: applies to a function in a process of its own
            files not a number       | "method": "fspawn", "max-open-files": "many"                    | max-open-files: must be an integer in 1..1048576, got string "many"
            files of wasm            | "method": "wasmf", "max-open-files": 4                          | max-open-files: applies to a function in a process of its own
            mode of fspawn           | "method": "fspawn", "mode": "persistent"                        | mode: 'persistent' is not one of warm, cold
            method missing           | "mode": "warm"                                                  | method: missing; one of dlf, jvm, wasmf, fspawn
            """)
    void badValueIsRefusedNamingItsKey(String description, String keys, String expected) {
        ApiClient.Answer answer = fixture.api().post("/workflows", """
                {"name": "bad", "level": "best-effort", "topic": "bq", "artifact": "%s", %s}
                """.formatted(program, keys));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.json().path("problems")).anySatisfy(p -> assertThat(p.asText()).contains(expected));
        assertThat(fixture.controller().deployment()).isEqualTo(initial);
        assertThat(fixture.standIns().get("edge").applied()).containsExactly(initial);
    }
}
