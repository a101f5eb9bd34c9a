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
        adapters = ChannelAdapters.load(plugins);
    }

    private static Deployment deployment(String strictLevelKeys) {
        return parse(TestDeployments.baseToml().replace("[levels.strict]\n", "[levels.strict]\n" + strictLevelKeys + "\n"));
    }

    /**
     * Parses {@code toml} with its {@code channel} keys taken out — the loader refuses channels the
     * components do not carry yet — and puts them back into the model, which the plan checks.
     */
    private static Deployment parse(String toml) {
        java.util.regex.Matcher channel = java.util.regex.Pattern.compile("channel = \"([^\"]+)\"\n").matcher(toml);
        String name = channel.find() ? channel.group(1) : "udp";
        Deployment d = TestDeployments.parse(channel.replaceAll(""), Path.of("."));
        java.util.Map<String, io.tempos.core.qos.QosLevel> levels = new java.util.LinkedHashMap<>(d.levels());
        io.tempos.core.qos.QosLevel l = levels.get("strict");
        levels.put("strict", new io.tempos.core.qos.QosLevel(l.name(), name, l.socketPriority(), l.threadPolicy(), l.threadPriority(),
                l.cpus(), l.queueCapacity(), l.overflow(), l.waitStrategy(), l.workers(), l.busyPollUs(), l.maxWaitMs(),
                l.boostPriority(), l.tsnSlot()));
        return new Deployment(d.name(), d.controller(), levels, d.brokers(), d.triggers(), d.invokers(), d.topics(), d.workflows(), d.tsn());
    }

    @Test
    void theDefaultUdpChannelsPass() {
        assertThat(ChannelPlan.check(deployment(""), adapters)).isEmpty();
    }

    @Test
    void anUnknownAdapterListsTheInstalledOnes() {
        assertThat(ChannelPlan.check(deployment("channel = \"quic\""), adapters)).containsExactly(
                "levels.strict.channel: no channel adapter named 'quic'; installed: [oneway, tiny, udp, uds] (plugins folder "
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
}
