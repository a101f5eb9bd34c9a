package io.tempos.core.config;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.Percentiles;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON form the controller pushes to components and serves: it must read back as what was written. */
class DeploymentJsonTest {

    @TempDir
    Path dir;

    @Test
    void aLoadedDeploymentRoundTrips() throws IOException {
        Files.createFile(dir.resolve("lib.so"));
        Deployment loaded = TestDeployments.parse(TestDeployments.baseToml() + """
                [levels.gold]
                thread-policy = "rr"
                thread-priority = 40
                cpus = [0]
                overflow = "reject"
                wait = "yield"
                [workflows.w]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "lib.so"
                mode = "cold"
                timeout-ms = 5
                """, dir);

        String json = DeploymentJson.write(loaded);
        Deployment read = DeploymentJson.read(json, Deployment.class);

        assertThat(read).isEqualTo(loaded);
        assertThat(read.levels().keySet()).as("declaration order survives").containsExactly("strict", "best-effort", "gold");
        assertThat(read.topics().keySet()).as("declaration order survives").containsExactly("sq", "bq");
    }

    @Test
    void aLevelRoundTrips() {
        QosLevel strict = QosLevel.strict();

        assertThat(DeploymentJson.read(DeploymentJson.write(strict), QosLevel.class)).isEqualTo(strict);
    }

    @Test
    void statisticsRoundTrip() {
        ComponentSnapshot snapshot = new ComponentSnapshot("edge", List.of(new WorkflowSnapshot("w", 10, 9, 8,
                Map.of("queue-full", 1L), Map.of("end-to-end", new Percentiles(8, 1.5, 2.5, 3.5, 4.5, 2.0)))));

        assertThat(DeploymentJson.read(DeploymentJson.write(snapshot), ComponentSnapshot.class)).isEqualTo(snapshot);
    }

    @Test
    void anUnknownPropertyIsRefusedWithItsName() {
        String json = DeploymentJson.write(new ControllerSpec("127.0.0.1", 7400)).replace("}", ",\"tls\":true}");

        assertThatThrownBy(() -> DeploymentJson.read(json, ControllerSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid ControllerSpec JSON: ")
                .hasMessageContaining("\"tls\"");
    }

    @Test
    void malformedJsonIsRefused() {
        assertThatThrownBy(() -> DeploymentJson.read("{\"host\":", ControllerSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid ControllerSpec JSON: ");
    }
}
