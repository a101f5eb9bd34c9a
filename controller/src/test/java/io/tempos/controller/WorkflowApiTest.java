package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.WorkflowSpec;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API against stand-in components on real loopback HTTP. */
@Timeout(30)
class WorkflowApiTest {

    private static final List<String> ALL = List.of("mom", "gate", "edge");

    @TempDir
    Path dir;

    private Deployment initial;
    @AutoClose
    private ControllerFixture fixture;
    private String artifact;

    @BeforeEach
    void start() throws Exception {
        initial = TestDeployments.parse(TestDeployments.baseToml(), dir);
        artifact = Files.createFile(dir.resolve("libalgorithm1.so")).toString();
        fixture = ControllerFixture.start(initial);
    }

    private String door2() {
        return """
                {"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf",
                 "artifact": "%s", "entry": "tempos_main", "mode": "warm", "timeout-ms": 1000}
                """.formatted(artifact);
    }

    private WorkflowSpec door2Spec() {
        return new WorkflowSpec("door-2", "strict", "sq",
                new FunctionSpec(InvocationMethod.DLF, artifact, "tempos_main", true, 1000));
    }

    private List<Deployment> lastConfigurations() {
        return ALL.stream().map(id -> fixture.standIns().get(id).configuration()).toList();
    }

    @Test
    void postedWorkflowIsPushedToEveryComponentAndServed() {
        ApiClient.Answer created = fixture.api().post("/workflows", door2());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/workflows/door-2");
        assertThat(DeploymentJson.MAPPER.convertValue(created.json(), WorkflowSpec.class)).isEqualTo(door2Spec());

        Deployment expected = initial.withWorkflow(door2Spec());
        assertThat(fixture.controller().deployment()).isEqualTo(expected);
        assertThat(lastConfigurations()).containsOnly(expected);

        ApiClient.Answer list = fixture.api().get("/workflows");
        assertThat(list.status()).isEqualTo(200);
        assertThat(DeploymentJson.MAPPER.convertValue(list.json(), WorkflowSpec[].class)).containsExactly(door2Spec());
        ApiClient.Answer one = fixture.api().get("/workflows/door-2");
        assertThat(DeploymentJson.MAPPER.convertValue(one.json(), WorkflowSpec.class)).isEqualTo(door2Spec());
        ApiClient.Answer deployment = fixture.api().get("/deployment");
        assertThat(DeploymentJson.read(deployment.raw().body(), Deployment.class)).isEqualTo(expected);
    }

    @Test
    void omittedKeysTakeTheirDefaults() {
        ApiClient.Answer created = fixture.api().post("/workflows", """
                {"name": "report", "level": "best-effort", "topic": "bq", "method": "dlf", "artifact": "%s"}
                """.formatted(artifact));

        assertThat(created.status()).isEqualTo(201);
        assertThat(fixture.controller().deployment().workflows().get("report").function())
                .isEqualTo(new FunctionSpec(InvocationMethod.DLF, artifact, "tempos_main", true, 10_000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON               | {"name": "door-2",                                                                      | body is not valid JSON
            trailing garbage       | {"name": "door-2"} x                                                                    | body is not valid JSON
            duplicate key          | {"name": "door-2", "name": "door-3"}                                                    | Duplicate field 'name'
            not an object          | ["door-2"]                                                                              | body must be a JSON object
            unknown key            | {"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "ART", "colour": "red"} | colour: unknown key; valid keys: args, artifact, container-image, entry, isolation, level, max-cpu-seconds, max-memory-mb, max-open-files, method, mode, name, timeout-ms, topic
            missing level          | {"name": "door-2", "topic": "sq", "method": "dlf", "artifact": "ART"}                   | level: missing; one of [strict, best-effort]
            unknown topic          | {"name": "door-2", "level": "strict", "topic": "nowhere", "method": "dlf", "artifact": "ART"} | topic: no topic named 'nowhere'; topics: [sq, bq]
            level differs          | {"name": "door-2", "level": "best-effort", "topic": "sq", "method": "dlf", "artifact": "ART"} | level: 'best-effort' differs from the level 'strict' of its topic 'sq'
            relative artifact      | {"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "lib/libfn.so"} | artifact: 'lib/libfn.so' is a relative path
            artifact missing       | {"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "/nonexistent/libfn.so"} | artifact: no file at /nonexistent/libfn.so
            bad method             | {"name": "door-2", "level": "strict", "topic": "sq", "method": "wasm", "artifact": "ART"} | method: 'wasm' is not one of dlf, jvm, wasmf, fspawn
            jvm without entry      | {"name": "door-2", "level": "strict", "topic": "sq", "method": "jvm", "artifact": "ART"} | entry: the class implementing io.tempos.api.Function is required for method jvm
            bad mode               | {"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "ART", "mode": "hot"} | mode: 'hot' is not one of warm, cold
            bad timeout            | {"name": "door-2", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "ART", "timeout-ms": 0} | timeout-ms: must be an integer in 1..3600000, got number 0
            invalid name           | {"name": "door 2", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "ART"} | name: invalid name: use 1..64 letters, digits, '-' or '_'
            missing name           | {"level": "strict", "topic": "sq", "method": "dlf", "artifact": "ART"}                  | name: missing
            """)
    void invalidBodyIsRefusedNamingTheProblem(String description, String body, String expected) {
        ApiClient.Answer answer = fixture.api().post("/workflows", body.replace("ART", artifact));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.error()).contains(expected);
        assertThat(answer.json().path("problems")).anySatisfy(p -> assertThat(p.asText()).contains(expected));
        assertThat(fixture.controller().deployment()).isEqualTo(initial);
        ALL.forEach(id -> assertThat(fixture.standIns().get(id).applied()).as(id).containsExactly(initial));
    }

    @Test
    void listsEveryProblemOfABodyAtOnce() {
        ApiClient.Answer answer = fixture.api().post("/workflows", """
                {"name": "door-2", "topic": "nowhere", "method": "dlf", "artifact": "lib.so", "colour": "red"}
                """);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("problems")).hasSize(4);
        assertThat(answer.error()).contains("4 problems", "colour: unknown key", "level: missing",
                "artifact: 'lib.so' is a relative path", "topic: no topic named 'nowhere'");
    }

    @Test
    void existingNameIsAConflict() {
        assertThat(fixture.api().post("/workflows", door2()).status()).isEqualTo(201);

        ApiClient.Answer again = fixture.api().post("/workflows", door2());

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("workflow 'door-2' already exists", "PUT /workflows/door-2");
    }

    @Test
    void putReplacesAnExistingWorkflowOrCreatesANewOne() {
        ApiClient.Answer created = fixture.api().put("/workflows/door-2", door2());
        assertThat(created.status()).isEqualTo(201);

        ApiClient.Answer replaced = fixture.api().put("/workflows/door-2", """
                {"level": "strict", "topic": "sq", "method": "dlf", "artifact": "%s", "mode": "cold"}
                """.formatted(artifact));

        assertThat(replaced.status()).as(replaced.raw().body()).isEqualTo(200);
        WorkflowSpec cold = new WorkflowSpec("door-2", "strict", "sq",
                new FunctionSpec(InvocationMethod.DLF, artifact, "tempos_main", false, 10_000));
        assertThat(fixture.controller().deployment().workflows()).containsExactly(Map.entry("door-2", cold));
        assertThat(lastConfigurations()).allSatisfy(d -> assertThat(d.workflows().get("door-2")).isEqualTo(cold));
    }

    @Test
    void patchMovesAWorkflowToAnotherLevelAtRunTime() {
        assertThat(fixture.api().post("/workflows", door2()).status()).isEqualTo(201);

        ApiClient.Answer moved = fixture.api().patch("/workflows/door-2", """
                {"level": "best-effort", "topic": "bq"}
                """);

        assertThat(moved.status()).as(moved.raw().body()).isEqualTo(200);
        WorkflowSpec expected = new WorkflowSpec("door-2", "best-effort", "bq",
                new FunctionSpec(InvocationMethod.DLF, artifact, "tempos_main", true, 1000));
        assertThat(DeploymentJson.MAPPER.convertValue(moved.json(), WorkflowSpec.class)).isEqualTo(expected);
        assertThat(lastConfigurations()).allSatisfy(d -> assertThat(d.workflows().get("door-2")).isEqualTo(expected));
    }

    @Test
    void patchChangesTheInvocationMethodAndANullKeyTakesItsDefault() throws Exception {
        assertThat(fixture.api().post("/workflows", door2()).status()).isEqualTo(201);
        String jar = Files.createFile(dir.resolve("fn.jar")).toString();

        ApiClient.Answer changed = fixture.api().patch("/workflows/door-2", """
                {"method": "jvm", "artifact": "%s", "entry": "com.example.Door", "timeout-ms": null}
                """.formatted(jar));

        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        assertThat(fixture.controller().deployment().workflows().get("door-2").function())
                .isEqualTo(new FunctionSpec(InvocationMethod.JVM, jar, "com.example.Door", true, 10_000));
    }

    @Test
    void patchOfALevelWithoutItsTopicNamesTheMismatch() {
        assertThat(fixture.api().post("/workflows", door2()).status()).isEqualTo(201);

        ApiClient.Answer answer = fixture.api().patch("/workflows/door-2", "{\"level\": \"best-effort\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("level: 'best-effort' differs from the level 'strict' of its topic 'sq'");
        assertThat(fixture.controller().deployment().workflows().get("door-2")).isEqualTo(door2Spec());
        assertThat(fixture.api().patch("/workflows/nope", "{}").status()).isEqualTo(404);
        assertThat(fixture.api().patch("/workflows/door-2", "{\"colour\": \"red\"}").error()).contains("colour: unknown key");
    }

    @Test
    void putRefusesABodyNamingAnotherWorkflow() {
        ApiClient.Answer answer = fixture.api().put("/workflows/door-3", door2());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("name: \"door-2\" differs from the name 'door-3' in the path");
    }

    @Test
    void deleteRemovesTheWorkflowFromEveryComponent() {
        assertThat(fixture.api().post("/workflows", door2()).status()).isEqualTo(201);

        assertThat(fixture.api().delete("/workflows/door-2").status()).isEqualTo(204);

        assertThat(fixture.controller().deployment()).isEqualTo(initial);
        assertThat(lastConfigurations()).containsOnly(initial);
        ApiClient.Answer gone = fixture.api().get("/workflows/door-2");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).contains("no workflow named 'door-2'");
        assertThat(fixture.api().delete("/workflows/door-2").status()).isEqualTo(404);
    }

    @Test
    void componentRefusingIsAConflictAndTheOthersAreRolledBack() {
        fixture.standIns().get("gate").refuseWith("cannot open an HTTP endpoint for level strict");

        ApiClient.Answer answer = fixture.api().post("/workflows", door2());

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().path("component").asText()).isEqualTo("gate");
        assertThat(answer.json().path("reason").asText()).isEqualTo("cannot open an HTTP endpoint for level strict");
        assertThat(answer.error()).contains("trigger gate at 127.0.0.1:", "refused it",
                "the deployment is unchanged on every component");
        assertRolledBack();
    }

    @Test
    void componentDownIsABadGatewayAndTheOthersAreRolledBack() {
        fixture.standIns().stop("gate");

        ApiClient.Answer answer = fixture.api().post("/workflows", door2());

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().path("component").asText()).isEqualTo("gate");
        assertThat(answer.error()).contains("trigger gate at 127.0.0.1:", "is unreachable", "connection refused");
        assertRolledBack();
    }

    /** The invoker and broker took the new deployment, then the previous one again; the model is unchanged. */
    private void assertRolledBack() {
        Deployment attempted = initial.withWorkflow(door2Spec());
        for (String id : List.of("edge", "mom")) {
            assertThat(fixture.standIns().get(id).applied()).as(id).containsExactly(initial, attempted, initial);
        }
        assertThat(fixture.standIns().get("gate").applied()).containsExactly(initial);
        assertThat(fixture.controller().deployment()).isEqualTo(initial);
        assertThat(fixture.api().get("/workflows/door-2").status()).isEqualTo(404);
    }

    @Test
    void changesApplyOneAtATime() throws Exception {
        int count = 12;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Answer>> answers = IntStream.range(0, count).mapToObj(i -> clients.submit(() ->
                    fixture.api().post("/workflows", door2().replace("door-2", "door-" + i)))).toList();
            for (Future<ApiClient.Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(201);
            }
        }

        assertThat(fixture.controller().deployment().workflows()).hasSize(count);
        assertThat(lastConfigurations()).containsOnly(fixture.controller().deployment());
        ALL.forEach(id -> assertThat(fixture.standIns().get(id).applied()).as(id).hasSize(count + 1));
    }

    @Test
    void oversizedBodyIsTooLarge() {
        String huge = "{\"name\": \"" + "x".repeat(JsonExchange.MAX_BODY_BYTES) + "\"}";

        ApiClient.Answer answer = fixture.api().post("/workflows", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.error()).contains("larger than the limit of 1048576 bytes");
        assertThat(fixture.controller().deployment()).isEqualTo(initial);
    }

    @Test
    void unknownPathIsNotFoundAsJson() {
        ApiClient.Answer answer = fixture.api().get("/workflow");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.error()).contains("no resource at /workflow", "GET|POST /workflows");
        assertThat(fixture.api().get("/workflows/door-2/extra").status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIsNotAllowedAsJson() {
        ApiClient.Answer answer = fixture.api().send("DELETE", "/workflows", null);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.raw().headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(answer.error()).contains("method DELETE not allowed on /workflows; use GET or POST");
        assertThat(fixture.api().post("/deployment", "{}").status()).isEqualTo(405);
    }

    @Test
    void healthIsUp() {
        ApiClient.Answer health = fixture.api().get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("up");
    }
}
