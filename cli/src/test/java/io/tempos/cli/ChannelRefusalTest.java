package io.tempos.cli;

import io.tempos.broker.Broker;
import io.tempos.core.channel.ChannelAdapters;
import io.tempos.core.channel.PluginJars;
import io.tempos.core.config.Deployment;
import io.tempos.invoker.Invoker;
import io.tempos.trigger.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every component refuses to start on a level its channel adapter cannot honour, before it binds
 * anything, naming the level, the adapter and the capability that is missing: the installed
 * adapters (a socket priority on uds, a transmit time for etf on udp) and a plugin without
 * replies (built here as a real plugin jar).
 */
@Timeout(60)
class ChannelRefusalTest {

    @TempDir
    Path dir;

    @Test
    void aPriorityOnUdsIsRefusedByEveryComponent() {
        Deployment d = HotelFixture.deployment(ChannelToml.of("uds", dir).replace("[levels.strict]\n", "[levels.strict]\nsocket-priority = 6\n")
                .replace("socket-priority = 0\n", ""));
        String refusal = "cannot start: levels.strict.channel: adapter 'uds' cannot carry a socket priority, which"
                + " levels.strict.socket-priority 6 needs (use socket-priority 0 or a channel that carries it)";
        assertThatThrownBy(() -> Broker.start(d, "mom")).isInstanceOf(IllegalArgumentException.class).hasMessage("broker mom " + refusal);
        assertThatThrownBy(() -> Invoker.start(d, "edge")).isInstanceOf(IllegalArgumentException.class).hasMessage("invoker edge " + refusal);
        assertThatThrownBy(() -> Trigger.start(d, "gate")).isInstanceOf(IllegalArgumentException.class).hasMessage("trigger gate " + refusal);
    }

    @Test
    void anEtfLevelOnAChannelWithoutTransmitTimesIsRefused() {
        Deployment d = HotelFixture.deployment(HotelFixture.toml()
                .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = { offset-us = 0, length-us = 500 }\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\ntsn-slot = { offset-us = 500, length-us = 500 }\n")
                + "[tsn]\ninterface = \"eth0\"\netf-level = \"strict\"\n");
        assertThatThrownBy(() -> Broker.start(d, "mom")).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "broker mom cannot start: levels.strict.channel: adapter 'udp' cannot carry a transmit time, which tsn.etf-level"
                        + " \"strict\" needs (etf drops packets without one); use channel \"tsn\" on a kernel with SO_TXTIME, or leave etf-level out");
    }

    @Test
    void rejectAndLeastOutstandingOnAChannelWithoutRepliesAreRefused() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.adapter(plugins, "oneway", "false, false, 65507, true, false, false");
        ChannelAdapters adapters = ChannelAdapters.load(plugins);
        Deployment d = HotelFixture.deployment(ChannelToml.of("oneway", null)
                .replace("[levels.strict]\n", "[levels.strict]\noverflow = \"reject\"\n"));

        assertThatThrownBy(() -> Broker.start(d, "mom", adapters)).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "broker mom cannot start: levels.strict.channel: adapter 'oneway' cannot carry replies, which levels.strict.overflow"
                        + " \"reject\" needs to tell the sender; levels.best-effort.channel: adapter 'oneway' cannot carry replies, which"
                        + " topics.bq.groups[0].policy \"least-outstanding\" needs (the invokers' acknowledgements)");
        assertThatThrownBy(() -> Invoker.start(d, "edge", adapters)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invoker edge cannot start: levels.strict.channel: adapter 'oneway' cannot carry replies");
    }
}
