package io.tempos.core.component;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.testing.TestDeployments;
import io.tempos.core.testing.Workflows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A component's {@code $config} subscription against a broker endpoint on a real loopback port
 * that answers what the test scripts: it catches up before {@link ConfigSubscription#start}
 * returns, follows newer documents, and refuses — counting and logging each reason — every
 * document that is malformed, oversized, stale, of another deployment, or that the component
 * cannot honour, keeping the configuration in force.
 */
@Timeout(30)
class ConfigSubscriptionTest {

    @TempDir
    Path dir;
    private Deployment file;
    private Deployment withLock;
    private Deployment withBulk;
    private int brokerPort;
    private String base;

    @BeforeEach
    void deployments() {
        Workflows.createArtifact(dir);
        base = TestDeployments.baseToml();
        file = TestDeployments.parse(base, dir);
        withLock = TestDeployments.parse(base + Workflows.workflow("lock", Workflows.STRICT), dir);
        withBulk = TestDeployments.parse(base + Workflows.workflow("lock", Workflows.STRICT)
                + Workflows.workflow("bulk", Workflows.BEST_EFFORT), dir);
        brokerPort = file.brokers().get("mom").managementPort();
    }

    private RecordingComponent startedFromTheFile() {
        RecordingComponent component = new RecordingComponent("edge");
        component.configure(file);
        return component;
    }

    @Test
    void catchesUpBeforeStartReturnsThenFollowsNewerDocuments() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker(brokerPort);
             RecordingComponent component = startedFromTheFile()) {
            broker.enqueue(10, DeploymentJson.write(withLock));

            try (ConfigSubscription subscription = ConfigSubscription.start(component, file)) {
                assertThat(component.configuration()).as("in force when start returns").isEqualTo(withLock);
                assertThat(subscription.gate().version()).isEqualTo(10);
                assertThat(broker.queries().getFirst()).isEqualTo("after=0&wait-ms=0");

                broker.enqueue(11, DeploymentJson.write(withBulk));

                await().atMost(Duration.ofSeconds(10)).until(() -> withBulk.equals(component.configuration()));
                assertThat(subscription.applied()).isEqualTo(2);
                assertThat(component.applied()).containsExactly(file, withLock, withBulk);
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.queries().getLast().startsWith("after=11&"));
            }
        }
    }

    @Test
    void hostileDocumentsAreRefusedCountedAndTheConfigurationInForceStays() throws Exception {
        Deployment other = new Deployment("another", withBulk.controller(), withBulk.levels(), withBulk.brokers(),
                withBulk.triggers(), withBulk.invokers(), withBulk.topics(), withBulk.workflows());
        Deployment poisoned = TestDeployments.parse(base + Workflows.workflow("lock", Workflows.STRICT)
                + Workflows.workflow(RecordingComponent.POISON, Workflows.BEST_EFFORT), dir);
        try (ScriptedBroker broker = new ScriptedBroker(brokerPort);
             RecordingComponent component = startedFromTheFile()) {
            broker.enqueue(10, DeploymentJson.write(withLock));
            try (ConfigSubscription subscription = ConfigSubscription.start(component, file)) {
                broker.enqueue(11, "{\"name\": ");                                                      // not JSON
                broker.enqueue(new ScriptedBroker.Answer(200, null, DeploymentJson.write(withBulk).getBytes()));  // no version
                broker.enqueue(12, "x".repeat(ConfigDocument.MAX_BYTES + 1));                           // too large
                broker.enqueue(5, DeploymentJson.write(withBulk));                                     // older than asked for
                broker.enqueue(13, DeploymentJson.write(other));                                       // another deployment
                broker.enqueue(14, DeploymentJson.write(poisoned));                                    // the component refuses it
                broker.enqueue(15, DeploymentJson.write(withBulk));                                    // fine at last

                await().atMost(Duration.ofSeconds(20)).until(() -> withBulk.equals(component.configuration()));
                assertThat(subscription.refusals()).isEqualTo(Map.of("malformed", 2L, "oversized", 1L, "stale", 1L,
                        "foreign", 1L, "refused", 1L, "unsaved", 0L));
                assertThat(component.applied()).as("nothing refused was ever in force").containsExactly(file, withLock, withBulk);
                assertThat(subscription.gate().version()).isEqualTo(15);
                assertThat(subscription.gauges()).anySatisfy(g -> {
                    assertThat(g.name()).isEqualTo("tempos_config_documents");
                    assertThat(g.labels()).containsEntry("outcome", "malformed");
                    assertThat(g.value()).isEqualTo(2);
                });
            }
        }
    }

    @Test
    void aBrokerDownAtStartIsFollowedOnceItComes() throws Exception {
        try (RecordingComponent component = startedFromTheFile();
             ConfigSubscription subscription = ConfigSubscription.start(component, file)) {
            assertThat(component.configuration()).as("the file's, with no broker").isEqualTo(file);
            assertThat(subscription.gate().version()).isZero();

            try (ScriptedBroker broker = new ScriptedBroker(brokerPort)) {
                broker.enqueue(10, DeploymentJson.write(withLock));

                await().atMost(Duration.ofSeconds(15)).until(() -> withLock.equals(component.configuration()));
                assertThat(subscription.refusals().values()).containsOnly(0L);
            }
        }
    }

    @Test
    void aDocumentNeverUndoesANewerPushAndAnUnchangedOneOnlyTakesItsVersion() {
        try (RecordingComponent component = startedFromTheFile()) {
            ConfigGate gate = new ConfigGate(component);
            gate.push(withBulk, 20);

            assertThat(gate.offer(15, withLock)).isEqualTo(ConfigGate.Offer.STALE);
            assertThat(gate.offer(20, withLock)).as("the version in force with another deployment").isEqualTo(ConfigGate.Offer.STALE);
            assertThat(gate.offer(20, withBulk)).as("the topic's copy of the push").isEqualTo(ConfigGate.Offer.UNCHANGED);
            assertThat(gate.version()).isEqualTo(20);
            assertThat(gate.offer(21, withBulk)).isEqualTo(ConfigGate.Offer.UNCHANGED);
            assertThat(gate.version()).isEqualTo(21);
            assertThat(component.applied()).containsExactly(file, withBulk);

            gate.push(withLock, 5);   // the controller's rollback: pushed on purpose, older or not
            assertThat(component.configuration()).isEqualTo(withLock);
            assertThat(gate.version()).isEqualTo(5);
            gate.push(withBulk, 0);   // an unversioned push (by hand) keeps the version
            assertThat(gate.version()).isEqualTo(5);
        }
    }

    @Test
    void aDocumentChangingTheComponentsOwnSettingsIsForeign() {
        Deployment moved = TestDeployments.parse(base.replace("[invokers.edge]\n", "[invokers.edge]\nhost = \"127.0.0.2\"\n")
                + Workflows.workflow("lock", Workflows.STRICT), dir);

        assertThat(ConfigDocument.foreignReason(moved, file, "edge")).contains("changes the settings of component edge itself");
        assertThat(ConfigDocument.foreignReason(moved, file, "gate")).isNull();
        assertThat(ConfigDocument.foreignReason(withLock, file, "edge")).isNull();
    }
}
