package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ControllerStartupTest {

    @TempDir
    Path dir;

    private final Deployment deployment = TestDeployments.parse(TestDeployments.baseToml(), Path.of("/"));

    @Test
    void startUpPushReachesEveryComponent() throws Exception {
        try (StandIns standIns = StandIns.startAll(deployment);
             Controller controller = Controller.start(deployment)) {
            controller.awaitPushed(Duration.ofSeconds(10));

            for (String id : new String[]{"mom", "gate", "edge"}) {
                assertThat(standIns.get(id).applied()).as(id).containsExactly(deployment);
            }
            assertThat(controller.deployment()).isEqualTo(deployment);
        }
    }

    @Test
    void componentStartingAfterTheControllerStillGetsItsConfiguration() throws Exception {
        try (StandIns standIns = new StandIns(deployment)) {
            standIns.start("mom");
            standIns.start("gate");
            try (Controller controller = Controller.start(deployment)) {
                CompletableFuture<Void> edgeStarted = CompletableFuture.runAsync(() -> standIns.start("edge"),
                        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

                assertThatThrownBy(() -> controller.awaitPushed(Duration.ofMillis(100)))
                        .isInstanceOf(PushException.class)
                        .hasMessageContaining("still waiting for invoker edge at 127.0.0.1:" + deployment.invokers().get("edge").managementPort());

                controller.awaitPushed(Duration.ofSeconds(10));
                edgeStarted.join();
                assertThat(standIns.get("edge").applied()).containsExactly(deployment);
                assertThat(standIns.get("mom").applied()).containsExactly(deployment);
            }
        }
    }

    @Test
    void startUpPushGivesUpOnAComponentThatNeverAnswers() throws Exception {
        try (StandIns standIns = new StandIns(deployment)) {
            standIns.start("mom");
            standIns.start("gate");
            try (Controller controller = Controller.start(deployment, Duration.ofMillis(500))) {
                assertThatThrownBy(() -> controller.awaitPushed(Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.problems()).singleElement()
                                .asString().contains("invoker edge", "did not answer within 0.5 s", "connection refused"));
                assertThat(standIns.get("mom").applied()).containsExactly(deployment);
            }
        }
    }

    @Test
    void startUpPushReportsAComponentThatRefuses() throws Exception {
        try (StandIns standIns = StandIns.startAll(deployment)) {
            standIns.get("gate").refuseWith("no UDP port free for level strict");
            try (Controller controller = Controller.start(deployment)) {
                assertThatThrownBy(() -> controller.awaitPushed(Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.problems()).singleElement()
                                .isEqualTo("trigger gate at 127.0.0.1:" + deployment.triggers().get("gate").managementPort()
                                        + " refused the configuration: no UDP port free for level strict"));
                assertThat(standIns.get("edge").applied()).containsExactly(deployment);
            }
        }
    }

    @Test
    void refusesADeploymentThatCannotRun() {
        Deployment broken = deployment.withWorkflow(new WorkflowSpec("door", "strict", "nowhere",
                new FunctionSpec(InvocationMethod.DLF, dir.resolve("lib.so").toString(), "tempos_main", true, 1000)));

        assertThatThrownBy(() -> Controller.start(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflows.door.topic: no topic named 'nowhere'")
                .hasMessageContaining("workflows.door.artifact: no file at");
    }

    @Test
    void namesTheAddressWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(deployment.controller().port(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Controller.start(deployment))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("controller.port");
        }
    }
}
