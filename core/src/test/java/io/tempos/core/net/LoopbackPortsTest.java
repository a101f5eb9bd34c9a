package io.tempos.core.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports below the ephemeral range, distinct, and bindable for both protocols once handed out. */
class LoopbackPortsTest {

    @Test
    void portsAreDistinctBelowTheEphemeralRangeAndFreeForUdpAndTcp() throws IOException {
        int[] ports = LoopbackPorts.take(12);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(12);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int port : ports) {
            assertThat(port).isBetween(LoopbackPorts.LOWEST, LoopbackPorts.ephemeralLow() - 1);
            try (DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(loopback, port));
                 ServerSocketChannel tcp = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, port))) {
                assertThat(udp.isOpen() && tcp.isOpen()).isTrue();
            }
        }
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernel() {
        assertThat(LoopbackPorts.ephemeralLow()).isGreaterThan(LoopbackPorts.LOWEST);
    }
}
