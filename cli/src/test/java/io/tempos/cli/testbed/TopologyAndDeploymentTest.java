package io.tempos.cli.testbed;

import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The testbed's hosts and the deployment file written for them, from the hotel example. */
class TopologyAndDeploymentTest {

    @TempDir
    Path dir;

    @Test
    void hostsGetAddressesInTheirOwnSubnetAndNamespacesNamedByTheOwnerPid() {
        Topology topology = Topology.of(4242, 2);

        assertThat(topology.hosts()).extracting(Topology.Host::name).containsExactly("trigger", "broker", "invoker-1", "invoker-2");
        assertThat(topology.hosts()).extracting(Topology.Host::address).containsExactly("10.77.0.2", "10.77.0.3", "10.77.0.4", "10.77.0.5");
        assertThat(topology.namespaces()).containsExactly("tempos-tb-4242-trigger", "tempos-tb-4242-broker",
                "tempos-tb-4242-invoker-1", "tempos-tb-4242-invoker-2", "tempos-tb-4242-switch");
        assertThat(topology.hosts()).allSatisfy(h -> assertThat(h.switchPort().length()).isLessThanOrEqualTo(15));
        assertThat(Topology.ownerOf("tempos-tb-4242-switch")).isEqualTo(4242);
        assertThat(Topology.ownerOf("someone-else")).isEqualTo(-1);
        assertThat(Topology.ownerOf("tempos-tb-x-switch")).isEqualTo(-1);
    }

    private static QosLevel withPriority(QosLevel l, int socketPriority) {
        return new QosLevel(l.name(), l.channel(), socketPriority, l.threadPolicy(), l.threadPriority(), l.cpus(), l.queueCapacity(),
                l.overflow(), l.waitStrategy(), l.workers());
    }

    @Test
    void tooManyInvokersForOneSubnetAreRefused() {
        assertThatThrownBy(() -> Topology.of(1, 201)).hasMessage("invokers 201 outside 1..200 (one /24 holds the hosts)");
    }

    @Test
    void theDeploymentPlacesComponentsOnTheHostsAndGivesEachLevelItsClassId() throws Exception {
        Path root = TestDeployments.repositoryRoot();
        Deployment template = ConfigLoader.load(root.resolve("examples/hotel/tempos.toml"));
        Topology topology = Topology.of(4242, 2);
        Path file = dir.resolve("deployment.toml");
        Files.writeString(file, TestbedDeployment.toml(template, topology));

        Deployment d = ConfigLoader.load(file);

        assertThat(d.controller().host()).isEqualTo("10.77.0.3");
        assertThat(d.brokers().get("mom").host()).isEqualTo("10.77.0.3");
        assertThat(d.triggers().get("lobby").host()).isEqualTo("10.77.0.2");
        assertThat(d.triggers().get("lobby").udpPorts()).isEqualTo(template.triggers().get("lobby").udpPorts());
        assertThat(d.invokers().keySet()).containsExactly("edge-1", "edge-2");
        assertThat(d.invokers().get("edge-2").host()).isEqualTo("10.77.0.5");
        assertThat(d.topics().get("doors").subscribers()).as("one invoker per topic, round robin").containsExactly("edge-1");
        assertThat(d.topics().get("cameras").subscribers()).containsExactly("edge-2");
        assertThat(d.levels().get("strict")).isEqualTo(withPriority(template.levels().get("strict"), LinkShaping.STRICT_CLASS));
        assertThat(d.levels().get("best-effort")).isEqualTo(withPriority(template.levels().get("best-effort"), LinkShaping.BEST_EFFORT_CLASS));
        assertThat(d.workflows()).isEqualTo(template.workflows());
    }
}
