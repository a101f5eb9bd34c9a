package io.tempos.channel.tsn;

import io.tempos.core.channel.DatagramReceiveChannel;
import io.tempos.core.channel.DatagramSendChannel;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.sys.Linux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TsnAdapterTest {

    private final TsnAdapter tsn = new TsnAdapter();

    private static QosLevel level(int priority, int busyPollUs) {
        return new QosLevel("strict", "tsn", priority, SchedPolicy.OTHER, 0, List.of(), 64, OverflowPolicy.DROP_NEWEST,
                WaitStrategy.PARK, 1, busyPollUs, 0, 1, null);
    }

    @Test
    void setsTheLevelsExactPriorityOnBothEndsAndBusyPollsTheReceiver() throws Exception {
        // 0x10010 is an htb/taprio class id: only SO_PRIORITY can express it (IP_TOS maps to 0..6).
        QosLevel level = level(0x10010, 50);
        try (ReceiveChannel receiver = tsn.openReceiver(Endpoint.of("127.0.0.1", 0), level);
             SendChannel sender = tsn.openSender(receiver.localEndpoint(), level)) {
            int rfd = receiver.descriptor();
            int sfd = UdpSockets.descriptor(((DatagramSendChannel) sender).socket());
            assertThat(Linux.getSocketOption(rfd, Linux.SOL_SOCKET, Linux.SO_PRIORITY)).isEqualTo(0x10010);
            assertThat(Linux.getSocketOption(sfd, Linux.SOL_SOCKET, Linux.SO_PRIORITY)).isEqualTo(0x10010);
            assertThat(Linux.getSocketOption(rfd, Linux.SOL_SOCKET, Linux.SO_BUSY_POLL)).isEqualTo(50);

            assertThat(sender.send(ByteBuffer.wrap(new byte[]{4, 2}))).isEqualTo(2);
            assertThat(receiver.receive(ByteBuffer.allocate(64), receiver.newReplyTo())).isEqualTo(2);
            assertThat(((DatagramReceiveChannel) receiver).socket().isOpen()).isTrue();
        }
    }

    @Test
    void setsSoTxTimeOnSendersWhereTheKernelAcceptsIt() throws Exception {
        try (ReceiveChannel receiver = tsn.openReceiver(Endpoint.of("127.0.0.1", 0), level(3, 0));
             SendChannel sender = tsn.openSender(receiver.localEndpoint(), level(3, 0))) {
            int sfd = UdpSockets.descriptor(((DatagramSendChannel) sender).socket());
            if (TsnAdapter.kernelAcceptsTxTime()) {
                assertThat(Linux.getTxTimeClock(sfd)).isEqualTo(Linux.CLOCK_TAI);
            } else {
                assertThat(Linux.getTxTimeClock(sfd)).isNegative();
            }
            // Per-packet launch times (SCM_TXTIME) are not sent yet: the adapter must not claim them.
            assertThat(tsn.capabilities().carriesTxTime()).isFalse();
        }
    }
}
