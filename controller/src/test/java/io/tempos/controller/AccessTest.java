package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Changes need the bearer token; where the token comes from; GETs beyond loopback. */
@Timeout(30)
class AccessTest {

    private static final String TOPIC = "{\"level\": \"strict\", \"subscribers\": [\"edge\"]}";

    @TempDir
    Path dir;

    private Deployment deployment(String controllerTable) {
        String base = TestDeployments.baseToml();
        return TestDeployments.parse(base.replace("[controller]\n", "[controller]\n" + controllerTable), dir);
    }

    @Test
    void aChangeWithoutTheTokenIsUnauthorizedAndChangesNothing() throws Exception {
        Deployment d = deployment("");
        try (ControllerFixture fixture = ControllerFixture.start(d);
             ApiClient anonymous = new ApiClient(d);
             ApiClient wrong = new ApiClient(d, "not-the-token")) {
            for (ApiClient client : new ApiClient[]{anonymous, wrong}) {
                ApiClient.Answer answer = client.put("/topics/doors", TOPIC);
                assertThat(answer.status()).isEqualTo(401);
                assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tempos\"");
                assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(answer.error()).contains("PUT /topics/doors needs 'Authorization: Bearer <token>'", "TEMPOS_TOKEN");
                assertThat(client.delete("/topics/sq").status()).isEqualTo(401);
            }
            assertThat(anonymous.get("/topics").status()).as("GET is open on loopback").isEqualTo(200);
            assertThat(fixture.controller().deployment()).isEqualTo(d);
            assertThat(fixture.standIns().get("edge").applied()).containsExactly(d);
        }
    }

    @Test
    void theTokenComesFromTheEnvironmentBeforeTheTokenFile() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token-file"), "from-the-file\n");
        Deployment d = deployment("token-file = \"token-file\"\n");
        try (StandIns standIns = StandIns.startAll(d)) {
            try (Controller controller = Controller.builder(d).environment(Map.of("TEMPOS_TOKEN", "from-the-env")).start();
                 ApiClient env = new ApiClient(d, "from-the-env");
                 ApiClient file = new ApiClient(d, "from-the-file")) {
                controller.awaitPushed(Duration.ofSeconds(10));
                assertThat(file.put("/topics/doors", TOPIC).status()).isEqualTo(401);
                assertThat(env.put("/topics/doors", TOPIC).status()).isEqualTo(201);
            }
            try (Controller controller = Controller.builder(d).environment(Map.of()).start();
                 ApiClient file = new ApiClient(d, "from-the-file")) {
                assertThat(file.put("/topics/doors", TOPIC).status()).as("a new controller in memory: created again").isEqualTo(201);
            }
        }
        assertThat(tokenFile).exists();
    }

    @Test
    void aMissingTokenFileStopsTheStartNamingIt() {
        Deployment d = deployment("token-file = \"nowhere/token\"\n");

        assertThatThrownBy(() -> Controller.builder(d).environment(Map.of()).start())
                .hasMessageContaining("[controller] token-file " + dir.resolve("nowhere/token") + " does not exist");
    }

    @Test
    void anEmptyTokenFileStopsTheStart() throws Exception {
        Files.writeString(dir.resolve("token"), "  \n");
        Deployment d = deployment("token-file = \"token\"\n");

        assertThatThrownBy(() -> Controller.builder(d).environment(Map.of()).start())
                .hasMessageContaining("token-file " + dir.resolve("token") + " is empty");
    }

    @Test
    void withoutAConfiguredTokenOneIsGeneratedIntoTheStateDirPrivatelyAndKept() throws Exception {
        Deployment d = deployment("");
        Path stateDir = dir.resolve("state");
        try (StandIns standIns = StandIns.startAll(d)) {
            try (Controller controller = Controller.builder(d).stateDir(stateDir).environment(Map.of()).start()) {
                controller.awaitPushed(Duration.ofSeconds(10));
            }
            Path tokenFile = stateDir.resolve("token");
            assertThat(tokenFile).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir))).isEqualTo("rwx------");
            String token = Files.readString(tokenFile).strip();
            assertThat(token).hasSizeGreaterThanOrEqualTo(40);

            try (Controller again = Controller.builder(d).stateDir(stateDir).environment(Map.of()).start();
                 ApiClient api = new ApiClient(d, token)) {
                assertThat(api.put("/topics/doors", TOPIC).status()).as("the same token after a restart").isEqualTo(201);
            }
            assertThat(Files.readString(tokenFile).strip()).isEqualTo(token);
        }
    }

    @Test
    void beyondLoopbackReadsNeedTheTokenTooExceptHealthAndTheDocument() throws Exception {
        Deployment d = deployment("host = \"0.0.0.0\"\n");
        try (ControllerFixture fixture = ControllerFixture.start(d);
             ApiClient anonymous = new ApiClient(d)) {
            assertThat(anonymous.get("/workflows").status()).isEqualTo(401);
            assertThat(anonymous.get("/deployment").status()).isEqualTo(401);
            assertThat(anonymous.get("/health").status()).isEqualTo(200);
            assertThat(anonymous.get("/openapi.json").status()).isEqualTo(200);
            assertThat(fixture.api().get("/workflows").status()).isEqualTo(200);
        }
    }
}
