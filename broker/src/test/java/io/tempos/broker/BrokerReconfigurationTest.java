package io.tempos.broker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Broker#configure} at run time: new routes without a restart, refusals that change nothing. */
class BrokerReconfigurationTest {

    @TempDir
    Path dir;
    private String base;
    private Deployment first;
    private Deployment second;
    @AutoClose
    private BrokerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        base = TestDeployments.baseToml();
        first = BrokerFixture.deployment(dir, base + workflow("lock", STRICT));
        second = BrokerFixture.deployment(dir, base + LOCK_AND_BULK);
        fixture = BrokerFixture.start(first, "mom");
    }

    @Test
    void addedWorkflowBecomesRoutableWithoutRestart() throws Exception {
        fixture.sendEvent("bulk", BEST_EFFORT);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 1);

        fixture.broker.configure(second);

        assertThat(fixture.broker.configuration()).isSameAs(second);
        fixture.assertStillForwards("bulk", BEST_EFFORT);
        fixture.assertStillForwards("lock", STRICT);
    }

    @Test
    void removedWorkflowIsNoLongerRouted() throws Exception {
        fixture.broker.configure(second);
        fixture.assertStillForwards("bulk", BEST_EFFORT);

        fixture.broker.configure(first);
        fixture.sendEvent("bulk", BEST_EFFORT);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 1);
        fixture.assertStillForwards("lock", STRICT);
    }

    /** A topic of a level the broker has no ingress port for cannot be served: refused whole. */
    @Test
    void deploymentNamingALevelWithoutPortIsRefusedAndOldRoutesKeepWorking() throws Exception {
        Deployment unservable = withBulkLevelWorkflow(second);

        assertThatThrownBy(() -> fixture.broker.configure(unservable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bulk'")
                .hasMessageContaining("strict")
                .hasMessageContaining("best-effort");

        assertThat(fixture.broker.configuration()).as("the previous configuration stays in force").isSameAs(first);
        fixture.assertStillForwards("lock", STRICT);
        // Nothing of the refused deployment was applied, not even its servable workflows.
        fixture.sendEvent("bulk", BEST_EFFORT);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 1);
    }

    @Test
    void startRefusesAnUnknownBrokerId() {
        assertThatThrownBy(() -> Broker.start(first, "nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody")
                .hasMessageContaining("mom");
    }

    /** A level port already taken fails start with the port named, and leaves no socket bound. */
    @Test
    void startFailsCleanlyWhenALevelPortIsTaken() throws Exception {
        Deployment other = BrokerFixture.deployment(dir, BrokerFixture.baseToml("other") + workflow("lock", STRICT));
        int bestEffortPort = other.brokers().get("other").ports().get(BEST_EFFORT);
        try (DatagramSocket squatter = new DatagramSocket(bestEffortPort, InetAddress.getByName("127.0.0.1"))) {
            assertThat(squatter.getLocalPort()).isEqualTo(bestEffortPort);
            assertThatThrownBy(() -> Broker.start(other, "other"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(Integer.toString(bestEffortPort));
        }
        // Whatever the failed start had bound is free again: the same broker now starts.
        try (BrokerFixture again = BrokerFixture.start(other, "other")) {
            again.assertStillForwards("lock", STRICT);
        }
    }

    /** close() stops the lanes and releases every port: the same broker starts again at once. Idempotent. */
    @Test
    void closeReleasesEverythingSoTheSameBrokerStartsAgain() throws Exception {
        fixture.assertStillForwards("lock", STRICT);
        fixture.close();
        fixture.close();
        fixture = BrokerFixture.start(first, "mom");
        fixture.assertStillForwards("lock", STRICT);
    }

    /** {@code d} plus a level {@code bulk} (no broker port for it), a topic and a workflow on it. */
    private static Deployment withBulkLevelWorkflow(Deployment d) {
        Map<String, QosLevel> levels = new LinkedHashMap<>(d.levels());
        levels.put("bulk", new QosLevel("bulk", "udp", 0, SchedPolicy.OTHER, 0, List.of(), 16,
                OverflowPolicy.DROP_OLDEST, WaitStrategy.PARK, 1));
        WorkflowSpec lock = d.workflows().get("lock");
        return new Deployment(d.name(), d.controller(), levels, d.brokers(), d.triggers(), d.invokers(), d.topics(), d.workflows())
                .withTopic(new TopicSpec("xq", "bulk", List.of("edge")))
                .withWorkflow(new WorkflowSpec("archive", "bulk", "xq", lock.function()));
    }
}
