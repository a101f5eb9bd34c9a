package io.tempos.core.channel;

import io.tempos.core.config.Deployment;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelPlanTest {

    @TempDir
    Path plugins;
    private ChannelAdapters adapters;

    @BeforeEach
    void install() throws IOException {
        // Stand-ins with the built-in adapters' capabilities (the real jars are tested in channels/).
        PluginJars.adapter(plugins, "udp", "false, false, 65507, true, false, true");
        PluginJars.adapter(plugins, "uds", "true, true, 1048576, false, false, true");
        PluginJars.adapter(plugins, "tiny", "true, true, 1000, true, false, true");
        PluginJars.adapter(plugins, "oneway", "false, false, 65507, true, false, false");
        PluginJars.adapter(plugins, "timed", "false, false, 65507, true, true, true");
        adapters = ChannelAdapters.load(plugins);
    }

    private static Deployment deployment(String strictLevelKeys) {
        return parse(TestDeployments.baseToml().replace("[levels.strict]\n", "[levels.strict]\n" + strictLevelKeys + "\n"));
    }

    private static Deployment parse(String toml) {
        return TestDeployments.parse(toml, Path.of("."));
    }

    @Test
    void theDefaultUdpChannelsPass() {
        assertThat(ChannelPlan.check(deployment(""), adapters)).isEmpty();
    }

    @Test
    void anUnknownAdapterListsTheInstalledOnes() {
        assertThat(ChannelPlan.check(deployment("channel = \"quic\""), adapters)).containsExactly(
                "levels.strict.channel: no channel adapter named 'quic'; installed: [oneway, timed, tiny, udp, uds] (plugins folder "
                        + plugins.toAbsolutePath() + ")");
    }

    @Test
    void aPriorityOnAChannelThatCannotCarryOneIsRefused() {
        assertThat(ChannelPlan.check(deployment("channel = \"uds\"\nsocket-priority = 6"), adapters)).containsExactly(
                "levels.strict.channel: adapter 'uds' cannot carry a socket priority, which levels.strict.socket-priority 6 needs"
                        + " (use socket-priority 0 or a channel that carries it)");
        assertThat(ChannelPlan.check(deployment("channel = \"uds\"\nsocket-priority = 0"), adapters)).isEmpty();
    }

    @Test
    void framesLargerThanTheAdapterCarriesAreRefusedNamingTheTriggerKey() {
        assertThat(ChannelPlan.check(deployment("channel = \"tiny\""), adapters)).containsExactly(
                "levels.strict.channel: adapter 'tiny' carries at most 1000 bytes, but triggers.gate.max-payload-bytes 16384"
                        + " makes frames of up to 16974 bytes (header and names included); lower max-payload-bytes to 410 or less");
    }

    @Test
    void rejectOverflowNeedsReplies() {
        assertThat(ChannelPlan.check(deployment("channel = \"oneway\"\noverflow = \"reject\""), adapters)).containsExactly(
                "levels.strict.channel: adapter 'oneway' cannot carry replies, which levels.strict.overflow \"reject\" needs to tell the sender");
    }

    @Test
    void leastOutstandingGroupsNeedReplies() {
        String toml = TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\nchannel = \"oneway\"\n")
                .replace("[topics.sq]\nlevel = \"strict\"\nsubscribers = [\"edge\"]\n",
                        "[topics.sq]\nlevel = \"strict\"\ngroups = [{ name = \"g\", members = [\"edge\"], policy = \"least-outstanding\" }]\n");
        assertThat(ChannelPlan.check(parse(toml), adapters)).containsExactly(
                "levels.strict.channel: adapter 'oneway' cannot carry replies, which topics.sq.groups[0].policy \"least-outstanding\""
                        + " needs (the invokers' acknowledgements)");
    }

    @Test
    void anEtfLevelNeedsAChannelThatCarriesTransmitTimes() {
        String tsn = """
                [tsn]
                interface = "eth0"
                etf-level = "strict"
                """;
        String slots = "tsn-slot = { offset-us = 0, length-us = 500 }";
        String toml = TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\n%s\n%s\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\ntsn-slot = { offset-us = 500, length-us = 500 }\n") + tsn;
        assertThat(ChannelPlan.check(parse(toml.formatted("channel = \"udp\"", slots)), adapters)).containsExactly(
                "levels.strict.channel: adapter 'udp' cannot carry a transmit time, which tsn.etf-level \"strict\" needs (etf drops packets"
                        + " without one); use channel \"tsn\" on a kernel with SO_TXTIME, or leave etf-level out");
        assertThat(ChannelPlan.check(parse(toml.formatted("channel = \"timed\"", slots)), adapters)).isEmpty();
    }

    @Test
    void aPathAdapterNeedsSocketPathsAndAPortAdapterNeedsPorts() throws IOException {
        PluginJars.adapter(plugins, "pathy", "true, true, 1048576, false, false, true, true");
        ChannelAdapters withPaths = ChannelAdapters.load(plugins);
        assertThat(ChannelPlan.check(deployment("channel = \"pathy\"\nsocket-priority = 0"), withPaths)).containsExactly(
                "levels.strict.channel: adapter 'pathy' listens on socket paths, but brokers.mom.ports.strict gives a port;"
                        + " give brokers.mom.socket-paths.strict = \"/run/tempos/mom-strict.sock\" instead",
                "levels.strict.channel: adapter 'pathy' listens on socket paths, but invokers.edge.ports.strict gives a port;"
                        + " give invokers.edge.socket-paths.strict = \"/run/tempos/edge-strict.sock\" instead");
        String udpOnPaths = TestDeployments.baseToml()
                .replace("[brokers.mom]\n", "[brokers.mom]\nsocket-paths = { strict = \"/run/tempos/mom-strict.sock\" }\n")
                .replaceFirst("ports = \\{ strict = \\d+, best-effort = (\\d+) }", "ports = { best-effort = $1 }");
        assertThat(ChannelPlan.check(parse(udpOnPaths), adapters)).containsExactly(
                "levels.strict.channel: adapter 'udp' listens on host:port, but brokers.mom.socket-paths.strict gives a path;"
                        + " give brokers.mom.ports.strict instead");
    }

    @Test
    void aComponentIsCheckedOnTheLevelsItCarriesAndTheRefusalNamesIt() {
        String toml = TestDeployments.baseToml().replace("[levels.strict]\n", "[levels.strict]\nchannel = \"oneway\"\noverflow = \"reject\"\n")
                .replaceFirst("ports = \\{ strict = \\d+, best-effort = (\\d+) }\n\\[triggers", "ports = { best-effort = $1 }\n[triggers")
                .replaceFirst("udp-ports = \\{ strict = \\d+, best-effort = (\\d+) }", "udp-ports = { best-effort = $1 }")
                .replaceFirst("http-ports = \\{ strict = \\d+, best-effort = (\\d+) }", "http-ports = { best-effort = $1 }")
                .replace("[topics.sq]\nlevel = \"strict\"\nsubscribers = [\"edge\"]\n", "");
        Deployment d = parse(toml);

        assertThat(ChannelPlan.levelsOf(d, "mom")).containsExactly("best-effort");
        assertThat(ChannelPlan.levelsOf(d, "gate")).containsExactly("best-effort");
        assertThat(ChannelPlan.levelsOf(d, "edge")).containsExactly("strict", "best-effort");
        ChannelPlan.requireFor(d, adapters, "broker mom", "mom");
        ChannelPlan.requireFor(d, adapters, "trigger gate", "gate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChannelPlan.requireFor(d, adapters, "invoker edge", "edge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invoker edge cannot start: levels.strict.channel: adapter 'oneway' cannot carry replies, which"
                        + " levels.strict.overflow \"reject\" needs to tell the sender");
    }
}
