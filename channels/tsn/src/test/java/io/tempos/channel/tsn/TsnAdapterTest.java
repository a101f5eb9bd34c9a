package io.tempos.channel.tsn;

import io.tempos.core.channel.DatagramReceiveChannel;
import io.tempos.core.channel.DatagramSendChannel;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.TsnSlot;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.sys.Linux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
            assertThat(tsn.capabilities().carriesTxTime()).isEqualTo(TsnAdapter.kernelAcceptsTxTime());
            assertThat(sender).as("no slot, no schedule: plain datagrams").isInstanceOf(DatagramSendChannel.class);
        }
    }

    @Test
    void aSlottedLevelSendsEveryFrameWithALaunchTimeInsideItsWindow() throws Exception {
        assumeTrue(TsnAdapter.kernelAcceptsTxTime(), "this kernel refuses SO_TXTIME");
        QosLevel slotted = new QosLevel("strict", "tsn", 3, SchedPolicy.OTHER, 0, List.of(), 64, OverflowPolicy.DROP_NEWEST,
                WaitStrategy.PARK, 1, 0, 0, 1, new TsnSlot(500, 250));
        TsnSpec schedule = new TsnSpec("lo", 1000, 0, 200, "strict");
        try (ReceiveChannel receiver = tsn.openReceiver(Endpoint.of("127.0.0.1", 0), slotted);
             SendChannel sender = tsn.openSender(receiver.localEndpoint(), slotted, schedule)) {
            assertThat(sender).isInstanceOf(TxTimeSendChannel.class);
            ByteBuffer frame = ByteBuffer.allocateDirect(64);
            ByteBuffer into = ByteBuffer.allocate(128);
            for (int i = 0; i < 20; i++) {
                frame.clear().put(new byte[]{(byte) i, 7, 7}).flip();
                // lo has no etf qdisc: the kernel accepts the SCM_TXTIME message and sends at once.
                assertThat(sender.send(frame)).isEqualTo(3);
                assertThat(frame.position()).isZero();
                assertThat(receiver.receive(into, receiver.newReplyTo())).isEqualTo(3);
                assertThat(into.get(0)).isEqualTo((byte) i);
            }
            long[] stamped = ((TxTimeSendChannel) sender).stamped();
            assertThat(stamped[0]).as("frames sent with SCM_TXTIME").isEqualTo(20);
            long intoCycleNs = Math.floorMod(stamped[1], 1_000_000L);
            assertThat(intoCycleNs).as("last launch time within the slot 500..750 µs of the cycle").isBetween(500_000L, 749_999L);
        }
    }
}
