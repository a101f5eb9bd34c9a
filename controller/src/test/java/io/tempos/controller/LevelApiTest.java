package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Levels at run time: {@code PATCH /levels/{name}} changes a level's thread scheduling on every
 * component, all or none; what components build at start is refused naming the key; bad bodies
 * get a 400 that says what to fix and change nothing.
 */
@Timeout(30)
class LevelApiTest {

    private static final List<String> ALL = List.of("mom", "gate", "edge");

    @TempDir
    Path dir;

    private Deployment initial;
    @AutoClose
    private ControllerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        initial = TestDeployments.parse(TestDeployments.baseToml(), dir);
        fixture = ControllerFixture.start(initial);
    }

    private QosLevel strictOn(String component) {
        return fixture.standIns().get(component).configuration().levels().get("strict");
    }

    @Test
    void aSchedulingChangeReachesEveryComponentAndTheModel() {
        ApiClient.Answer changed = fixture.api().patch("/levels/strict", "{\"thread-policy\": \"rr\", \"thread-priority\": 80, \"cpus\": [0]}");

        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        QosLevel level = DeploymentJson.MAPPER.convertValue(changed.json(), QosLevel.class);
        assertThat(level.threadPolicy()).isEqualTo(SchedPolicy.RR);
        assertThat(level.threadPriority()).isEqualTo(80);
        assertThat(level.cpus()).containsExactly(0);
        assertThat(level.queueCapacity()).as("keys left out keep their values").isEqualTo(initial.levels().get("strict").queueCapacity());
        for (String component : ALL) {
            assertThat(strictOn(component)).as(component).isEqualTo(level);
        }
        assertThat(DeploymentJson.MAPPER.convertValue(fixture.api().get("/levels/strict").json(), QosLevel.class)).isEqualTo(level);
    }

    @Test
    void keysBuiltAtStartAreRefusedWithTheKeyAndNothingChanges() {
        ApiClient.Answer refused = fixture.api().patch("/levels/strict", "{\"queue-capacity\": 8, \"thread-priority\": 70}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).contains("level 'strict'", "queue-capacity (64 -> 8)", "restart");
        for (String component : ALL) {
            assertThat(strictOn(component)).as(component).isEqualTo(initial.levels().get("strict"));
        }
    }

    @Test
    void badBodiesAndUnknownLevelsGetClearErrors() {
        assertThat(fixture.api().patch("/levels/strict", "{\"thread-priority\": 100}").error()).contains("thread-priority", "99");
        assertThat(fixture.api().patch("/levels/strict", "{\"thread-policy\": \"deadline\"}").error())
                .contains("thread-policy", "'deadline' is not one of other, fifo, rr");
        assertThat(fixture.api().patch("/levels/strict", "{\"colour\": \"red\"}").error()).contains("colour", "unknown key");
        ApiClient.Answer notJson = fixture.api().patch("/levels/strict", "{\"thread-priority\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).contains("body is not valid JSON");
        assertThat(fixture.api().patch("/levels/strict", "[1]").error()).contains("body must be a JSON object such as");
        ApiClient.Answer missing = fixture.api().patch("/levels/gold", "{\"thread-priority\": 10}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("no level named 'gold'; GET /levels lists them");
        for (String component : ALL) {
            assertThat(strictOn(component)).as(component).isEqualTo(initial.levels().get("strict"));
        }
    }

    @Test
    void changingALevelNeedsTheToken() {
        try (ApiClient anonymous = new ApiClient(initial, null)) {
            assertThat(anonymous.patch("/levels/strict", "{\"thread-priority\": 80}").status()).isEqualTo(401);
        }
    }
}
