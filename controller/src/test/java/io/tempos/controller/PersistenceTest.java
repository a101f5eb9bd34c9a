package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The model survives a restart: a controller started again from the same config file and state
 * dir serves and pushes what the first one accepted (workflows, topics, a level's scheduling); a corrupt or unfitting state file stops the
 * start; --reset-state starts from the file.
 */
@Timeout(60)
class PersistenceTest {

    private static final String DOORS = "{\"level\": \"strict\", \"subscribers\": [\"edge\"]}";

    @TempDir
    Path dir;

    private Path configFile;
    private Path stateFile;
    private String artifact;

    @BeforeEach
    void writeConfig() throws IOException {
        artifact = Files.createFile(dir.resolve("libfn.so")).toString();
        configFile = Files.writeString(dir.resolve("tempos.toml"), TestDeployments.baseToml().replace("[controller]\n",
                "[controller]\nstate-dir = \"var/state\"\n"));
        stateFile = dir.resolve("var/state/deployment.json");
    }

    private Deployment load() throws Exception {
        return ConfigLoader.load(configFile);
    }

    private static Controller start(Deployment d) throws IOException {
        return Controller.builder(d).persistent().token(ApiClient.TOKEN).start();
    }

    /** A persistent controller that has pushed {@code d} to stand-ins for its components. */
    private static ControllerFixture running(Deployment d) throws Exception {
        return ControllerFixture.start(d, Controller.Builder::persistent);
    }

    private String door2() {
        return """
                {"name": "door-2", "level": "strict", "topic": "doors", "method": "dlf", "artifact": "%s"}
                """.formatted(artifact);
    }

    @Test
    void aRestartedControllerServesAndPushesWhatItAccepted() throws Exception {
        Deployment fromFile = load();
        Deployment accepted;
        try (ControllerFixture fixture = running(fromFile)) {
            assertThat(fixture.api().post("/topics", "{\"name\": \"doors\", \"level\": \"strict\", \"subscribers\": [\"edge\"]}").status())
                    .isEqualTo(201);
            assertThat(fixture.api().post("/workflows", door2()).status()).isEqualTo(201);
            assertThat(fixture.api().patch("/levels/strict", "{\"thread-priority\": 80}").status()).isEqualTo(200);
            accepted = fixture.controller().deployment();
            assertThat(accepted.levels().get("strict").threadPriority()).isEqualTo(80);
        }
        assertThat(stateFile).isRegularFile();
        assertThat(dir.resolve("var/state/deployment.json.tmp")).doesNotExist();

        // Everything restarts: fresh components that know nothing, a controller from the same file.
        Deployment again = load();
        assertThat(again.workflows()).isEmpty();
        try (ControllerFixture fixture = running(again)) {
            assertThat(fixture.controller().deployment()).isEqualTo(accepted);
            for (String id : List.of("mom", "gate", "edge")) {
                assertThat(fixture.standIns().get(id).applied()).as(id).containsExactly(accepted);
            }
            assertThat(fixture.api().get("/workflows/door-2").status()).isEqualTo(200);
            assertThat(DeploymentJson.MAPPER.convertValue(((ObjectNode) fixture.api().get("/topics/doors").json()).without("effective"), TopicSpec.class))
                    .isEqualTo(new TopicSpec("doors", "strict", List.of("edge")));

            assertThat(fixture.api().delete("/workflows/door-2").status()).isEqualTo(204);
        }
        try (ControllerFixture fixture = running(load())) {
            assertThat(fixture.controller().deployment().workflows()).as("the deletion was saved too").isEmpty();
            assertThat(fixture.controller().deployment().topics()).containsKeys("sq", "bq", "doors");
        }
    }

    @Test
    void theStateFileIsVersionedJsonHoldingTheWholeModel() throws Exception {
        Deployment d = load();
        try (ControllerFixture fixture = running(d)) {
            assertThat(stateFile).as("nothing changed yet: the file rules").doesNotExist();
            assertThat(fixture.api().put("/topics/doors", DOORS).status()).isEqualTo(201);

            JsonNode saved = DeploymentJson.MAPPER.readTree(stateFile.toFile());
            assertThat(saved.path("format").asInt()).isEqualTo(1);
            assertThat(saved.path("saved-at").asText()).isNotBlank();
            assertThat(DeploymentJson.MAPPER.treeToValue(saved.path("deployment"), Deployment.class)).isEqualTo(fixture.controller().deployment());
        }
    }

    @Test
    void aCorruptStateFileStopsTheStartAndIsLeftAsItWas() throws Exception {
        Files.createDirectories(stateFile.getParent());
        Files.writeString(stateFile, "{\"format\": 1, \"deployment\": {\"name\": \"test\", \"topics\": ");
        Deployment d = load();

        assertThatThrownBy(() -> start(d))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("state file " + stateFile + " is corrupt")
                .hasMessageContaining("--reset-state")
                .hasMessageNotContaining("REDACTED");
        assertThat(Files.readString(stateFile)).startsWith("{\"format\": 1");

        Files.writeString(stateFile, "");
        assertThatThrownBy(() -> start(d)).hasMessageContaining("is corrupt: it is not a JSON object (the file is empty)");
        Files.writeString(stateFile, "{\"format\": 7, \"deployment\": {}}");
        assertThatThrownBy(() -> start(d)).hasMessageContaining("its \"format\" is 7, this controller reads format 1");
        Files.writeString(stateFile, "{\"format\": 1, \"deployment\": {\"name\": \"test\", \"colour\": 1}}");
        assertThatThrownBy(() -> start(d)).hasMessageContaining("is corrupt: it is not a valid state file");
    }

    @Test
    void resetStateStartsFromTheFileAndKeepsTheOldStateBeside() throws Exception {
        Files.createDirectories(stateFile.getParent());
        Files.writeString(stateFile, "garbage");
        Deployment d = load();

        try (ControllerFixture fixture = ControllerFixture.start(d, b -> b.persistent().resetState(true))) {
            assertThat(fixture.controller().deployment()).isEqualTo(d);
            assertThat(fixture.standIns().get("edge").applied()).containsExactly(d);
        }
        assertThat(stateFile).doesNotExist();
        try (var kept = Files.list(stateFile.getParent())) {
            assertThat(kept.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bak")).toList())
                    .singleElement().asString().startsWith("deployment.json.");
        }
    }

    @Test
    void aStateThatNoLongerFitsTheFileStopsTheStartNamingTheProblem() throws Exception {
        Deployment d = load();
        try (ControllerFixture fixture = running(d)) {
            assertThat(fixture.api().put("/topics/doors", DOORS).status()).isEqualTo(201);
        }
        // The invoker the saved topic needs is renamed in the file.
        Files.writeString(configFile, Files.readString(configFile).replace("[invokers.edge]", "[invokers.edge-9]")
                .replace("subscribers = [\"edge\"]", "subscribers = [\"edge-9\"]"));

        assertThatThrownBy(() -> start(load()))
                .hasMessageContaining("no longer fits the config file's components and levels")
                .hasMessageContaining("topics.doors.subscribers: no invoker named 'edge'")
                .hasMessageContaining("--reset-state");
    }

    @Test
    void aStateOfAnotherDeploymentIsRefused() throws Exception {
        Deployment d = load();
        try (ControllerFixture fixture = running(d)) {
            assertThat(fixture.api().put("/topics/doors", DOORS).status()).isEqualTo(201);
        }
        Files.writeString(configFile, Files.readString(configFile).replace("name = \"test\"", "name = \"farm\""));

        assertThatThrownBy(() -> start(load()))
                .hasMessageContaining("holds deployment 'test', the config file describes 'farm'");
    }

    @Test
    void twoControllersCannotShareAStateDir() throws Exception {
        Deployment d = load();
        try (Controller first = start(d)) {
            Deployment other = TestDeployments.parse(TestDeployments.baseToml(), dir);
            assertThatThrownBy(() -> Controller.builder(other).stateDir(dir.resolve("var/state")).token("t").start())
                    .hasMessageContaining("state dir " + dir.resolve("var/state") + " is in use by another controller");
        }
    }

    @Test
    void aChangeThatCannotBeSavedIsUndoneOnEveryComponent() throws Exception {
        Deployment d = load();
        try (ControllerFixture fixture = running(d)) {
            // A directory where the temporary file goes: the write fails as a full or broken disk would.
            Files.createDirectories(dir.resolve("var/state/deployment.json.tmp"));

            ApiClient.Answer answer = fixture.api().put("/topics/doors", DOORS);

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.error()).contains("change of topic 'doors' not kept: the state file cannot be written",
                    "every component was taken back to the previous deployment");
            assertThat(fixture.controller().deployment()).isEqualTo(d);
            for (String id : List.of("mom", "gate", "edge")) {
                assertThat(fixture.standIns().get(id).configuration()).as(id).isEqualTo(d);
            }
        }
    }
}
