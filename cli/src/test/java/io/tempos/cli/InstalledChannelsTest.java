package io.tempos.cli;

import io.tempos.core.channel.ChannelAdapters;
import io.tempos.core.channel.ChannelCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in adapters ship as plugin jars in target/plugins, each loaded in its own class loader. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InstalledChannelsTest {

    @Test
    void theBuiltInAdaptersLoadFromThePluginsFolder() throws Exception {
        ChannelAdapters adapters = ChannelAdapters.installed();

        assertThat(adapters.problems()).isEmpty();
        assertThat(adapters.names()).containsExactlyInAnyOrder("udp", "tcp", "uds", "tsn");
        assertThat(adapters.get("udp").getClass().getClassLoader()).isNotSameAs(ChannelAdapters.class.getClassLoader());
        assertThat(adapters.get("udp").capabilities()).isEqualTo(new ChannelCapabilities(false, false, 65_507, true, false, true));
        assertThat(adapters.get("tcp").capabilities()).isEqualTo(new ChannelCapabilities(true, true, 1 << 20, true, false, true));
        assertThat(adapters.get("uds").capabilities()).isEqualTo(new ChannelCapabilities(true, true, 1 << 20, false, false, true, true));
        // tsn carries transmit times where this kernel accepts SO_TXTIME.
        assertThat(adapters.get("tsn").capabilities()).isEqualTo(new ChannelCapabilities(false, false, 65_507, true, kernelAcceptsTxTime(), true));
    }

    private static boolean kernelAcceptsTxTime() throws IOException {
        try (java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open(StandardProtocolFamily.INET)) {
            int fd = io.tempos.core.net.UdpSockets.descriptor(socket);
            return fd >= 0 && io.tempos.core.sys.Linux.setTxTime(fd, io.tempos.core.sys.Linux.CLOCK_TAI, 0) == 0;
        }
    }
}
