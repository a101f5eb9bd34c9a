package io.tempos.core.net;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.Linux;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** SO_BUSY_POLL on a level's receive socket, read back from the kernel with getsockopt. */
class BusyPollTest {

    private static QosLevel level(int busyPollUs) {
        QosLevel s = QosLevel.strict();
        return new QosLevel(s.name(), s.channel(), s.socketPriority(), s.threadPolicy(), s.threadPriority(), List.of(),
                s.queueCapacity(), s.overflow(), s.waitStrategy(), s.workers(), busyPollUs, 0, 1, null);
    }

    @Test
    void aLevelWithBusyPollSetsItOnItsReceiveSocket() throws IOException {
        assumeThat(System.getProperty("user.name")).as("raising SO_BUSY_POLL needs CAP_NET_ADMIN").isEqualTo("root");
        try (DatagramChannel channel = UdpSockets.bind("127.0.0.1", 0, level(50))) {
            int fd = UdpSockets.descriptor(channel);
            assertThat(fd).as("descriptor reachable (the build exports sun.nio.ch)").isNotNegative();

            assertThat(Linux.getSocketOption(fd, Linux.SOL_SOCKET, Linux.SO_BUSY_POLL)).isEqualTo(50);
        }
    }

    @Test
    void withoutBusyPollTheSocketKeepsTheKernelDefault() throws IOException {
        try (DatagramChannel channel = UdpSockets.bind("127.0.0.1", 0, level(0))) {
            assertThat(Linux.getSocketOption(UdpSockets.descriptor(channel), Linux.SOL_SOCKET, Linux.SO_BUSY_POLL)).isZero();
        }
    }
}
