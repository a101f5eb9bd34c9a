package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A component that restarts, or comes back after it could not be reached, gets its configuration back unasked. */
@Timeout(30)
class ComponentRestartTest {

    @TempDir
    Path dir;

    private Deployment initial;
    @AutoClose
    private ControllerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        initial = TestDeployments.parse(TestDeployments.baseToml(), dir);
        fixture = ControllerFixture.start(initial, b -> b.healthPollInterval(Duration.ofMillis(50)));
    }

    @Test
    void aRestartedComponentGetsTheCurrentDeploymentBack() {
        assertThat(fixture.api().put("/topics/doors", "{\"level\": \"strict\", \"subscribers\": [\"edge\"]}").status()).isEqualTo(201);
        Deployment current = fixture.controller().deployment();

        StandInComponent fresh = fixture.standIns().restart("edge");

        await().atMost(Duration.ofSeconds(10)).until(() -> fresh.configuration() != null);
        assertThat(fresh.applied()).containsExactly(current);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fixture.api().get("/components/edge").json().path("last-push").asText()).startsWith("accepted at "));
        assertThat(fixture.standIns().get("mom").applied()).as("the others are left alone").hasSize(2);
    }

    @Test
    void aComponentBackAfterAnOutageIsGivenTheDeploymentAgain() {
        StandInComponent gate = fixture.standIns().get("gate");
        fixture.standIns().stop("gate");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.api().get("/components/gate").json().path("state").asText().equals("down"));

        fixture.standIns().start("gate");

        await().atMost(Duration.ofSeconds(10)).until(() -> gate.applied().size() == 2);
        assertThat(gate.applied()).containsExactly(initial, initial);
        assertThat(fixture.api().get("/components/gate").json().path("healthy").asBoolean()).isTrue();
    }

    @Test
    void aRestartedComponentThatRefusesIsAskedOnceAndReported() {
        StandInComponent fresh = new StandInComponent("edge");
        fresh.refuseWith("no CPU 7 on this host");
        fixture.standIns().stop("edge");
        fixture.standIns().replace("edge", fresh);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fixture.api().get("/components/edge").json()
                .path("last-push").asText()).startsWith("refused: no CPU 7 on this host"));
        assertThat(fixture.api().get("/components/edge").json().path("configured").asBoolean()).isFalse();
        Instant refusedBy = Instant.now();
        // Several more polls see it unconfigured, yet it is not asked again for the same deployment.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.parse(fixture.api().get("/components/edge").json()
                .path("last-seen").asText()).isAfter(refusedBy.plusMillis(300)));
        assertThat(fresh.attempts()).isEqualTo(1);

        // A change of the model is what brings a new attempt; the change itself pushes to it.
        fresh.refuseWith(null);
        assertThat(fixture.api().put("/topics/doors", "{\"level\": \"strict\", \"subscribers\": [\"edge\"]}").status()).isEqualTo(201);
        assertThat(fresh.configuration()).isEqualTo(fixture.controller().deployment());
    }
}
