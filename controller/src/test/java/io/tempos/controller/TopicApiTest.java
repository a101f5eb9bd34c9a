package io.tempos.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Topics at run time: add, change subscribers, remove, all or none. A second invoker {@code edge-2} serves both levels. */
@Timeout(30)
class TopicApiTest {

    private static final List<String> ALL = List.of("mom", "gate", "edge", "edge-2");

    @TempDir
    Path dir;

    private Deployment initial;
    @AutoClose
    private ControllerFixture fixture;
    private String artifact;

    @BeforeEach
    void start() throws Exception {
        artifact = Files.createFile(dir.resolve("libfn.so")).toString();
        initial = TestDeployments.parse(TestDeployments.baseToml() + """
                [invokers.edge-2]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "libfn.so"
                """.formatted(FreePorts.next(), FreePorts.next(), FreePorts.next()), dir);
        fixture = ControllerFixture.start(initial);
    }

    private List<Deployment> lastConfigurations() {
        return ALL.stream().map(id -> fixture.standIns().get(id).configuration()).toList();
    }

    @Test
    void listsAndGetsTopics() {
        ApiClient.Answer list = fixture.api().get("/topics");

        assertThat(list.status()).isEqualTo(200);
        assertThat(DeploymentJson.MAPPER.convertValue(list.json(), TopicSpec[].class))
                .containsExactly(initial.topics().get("sq"), initial.topics().get("bq"));
        assertThat(DeploymentJson.MAPPER.convertValue(((ObjectNode) fixture.api().get("/topics/sq").json()).without("effective"), TopicSpec.class))
                .isEqualTo(new TopicSpec("sq", "strict", List.of("edge")));
        ApiClient.Answer missing = fixture.api().get("/topics/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("no topic named 'nope'; GET /topics lists them");
    }

    @Test
    void postAddsATopicThatAWorkflowCanThenUse() {
        ApiClient.Answer created = fixture.api().post("/topics", """
                {"name": "doors", "level": "strict", "subscribers": ["edge-2"]}
                """);

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/topics/doors");
        TopicSpec doors = new TopicSpec("doors", "strict", List.of("edge-2"));
        assertThat(lastConfigurations()).allSatisfy(d -> assertThat(d.topics().get("doors")).isEqualTo(doors));

        assertThat(fixture.api().put("/workflows/door-2", """
                {"level": "strict", "topic": "doors", "method": "dlf", "artifact": "%s"}
                """.formatted(artifact)).status()).isEqualTo(201);
        assertThat(fixture.api().post("/topics", "{\"name\": \"doors\", \"level\": \"strict\", \"subscribers\": [\"edge\"]}").status())
                .isEqualTo(409);
    }

    @Test
    void putChangesTheSubscribersAtRunTime() {
        ApiClient.Answer changed = fixture.api().put("/topics/sq", "{\"level\": \"strict\", \"subscribers\": [\"edge\", \"edge-2\"]}");

        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        assertThat(fixture.controller().deployment().topics().get("sq").subscribers()).containsExactly("edge", "edge-2");
        assertThat(lastConfigurations()).containsOnly(fixture.controller().deployment());
        ApiClient.Answer components = fixture.api().get("/components/edge-2");
        assertThat(components.json().path("runs").path("workflows").toString()).isEqualTo("[\"door\"]");
    }

    @Test
    void invalidTopicsNameEveryProblem() {
        ApiClient.Answer answer = fixture.api().put("/topics/sq", "{\"level\": \"best-effort\", \"subscribers\": [\"edge\", \"ghost\"], \"x\": 1}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("problems")).hasSize(1);
        assertThat(answer.error()).contains("x: unknown key; valid keys: level, name, subscribers");

        ApiClient.Answer deep = fixture.api().put("/topics/sq", "{\"level\": \"best-effort\", \"subscribers\": [\"edge\", \"ghost\"]}");
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.error()).contains("topic 'sq' refused",
                "subscribers: no invoker named 'ghost'; invokers: [edge, edge-2]",
                "workflows.door.level: 'strict' differs from the level 'best-effort' of its topic 'sq'");
        assertThat(fixture.api().post("/topics", "{\"level\": \"strict\", \"subscribers\": []}").error())
                .contains("name: missing");
        assertThat(fixture.api().put("/topics/t", "{\"level\": \"gold\", \"subscribers\": [\"edge\", \"edge\"]}").error())
                .contains("subscribers: 'edge' is listed twice");
        assertThat(fixture.controller().deployment()).isEqualTo(initial);
        ALL.forEach(id -> assertThat(fixture.standIns().get(id).applied()).as(id).containsExactly(initial));
    }

    @Test
    void aTopicInUseCannotBeDeletedAnUnusedOneCan() {
        ApiClient.Answer used = fixture.api().delete("/topics/sq");

        assertThat(used.status()).isEqualTo(409);
        assertThat(used.error()).contains("topic 'sq' is used by workflow(s) [door]");
        assertThat(used.json().path("workflows").toString()).isEqualTo("[\"door\"]");

        assertThat(fixture.api().delete("/topics/bq").status()).isEqualTo(204);
        assertThat(fixture.controller().deployment().topics()).containsOnlyKeys("sq");
        assertThat(lastConfigurations()).allSatisfy(d -> assertThat(d.topics()).containsOnlyKeys("sq"));
        assertThat(fixture.api().delete("/topics/bq").status()).isEqualTo(404);
    }

    @Test
    void aRefusedTopicChangeIsRolledBack() {
        fixture.standIns().get("mom").refuseWith("no queue for topic doors");

        ApiClient.Answer answer = fixture.api().post("/topics", "{\"name\": \"doors\", \"level\": \"strict\", \"subscribers\": [\"edge\"]}");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.error()).contains("change of topic 'doors' not applied: broker mom", "no queue for topic doors");
        assertThat(fixture.controller().deployment()).isEqualTo(initial);
        assertThat(lastConfigurations()).containsOnly(initial);
    }
}
