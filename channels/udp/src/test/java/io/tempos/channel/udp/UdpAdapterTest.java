package io.tempos.channel.udp;

import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.Linux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpAdapterTest {

    private final UdpAdapter udp = new UdpAdapter();

    @Test
    void carriesAFrameAndItsReplyWithTheLevelsPriority() throws Exception {
        try (ReceiveChannel receiver = udp.openReceiver(Endpoint.of("127.0.0.1", 0), QosLevel.strict());
             SendChannel sender = udp.openSender(receiver.localEndpoint(), QosLevel.strict())) {
            assertThat(sender.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)))).isEqualTo(5);

            ByteBuffer into = ByteBuffer.allocate(65_508);
            ReceiveChannel.ReplyTo from = receiver.newReplyTo();
            assertThat(receiver.receive(into, from)).isEqualTo(5);
            assertThat(StandardCharsets.UTF_8.decode(into).toString()).isEqualTo("hello");
            assertThat(Linux.getSocketOption(receiver.descriptor(), Linux.SOL_SOCKET, Linux.SO_PRIORITY)).isEqualTo(6);

            assertThat(receiver.reply(ByteBuffer.wrap(new byte[]{1, 2, 3}), from)).isEqualTo(3);
            ByteBuffer reply = ByteBuffer.allocate(64);
            assertThat(sender.awaitReply(reply)).isEqualTo(3);
            assertThat(reply.get(2)).isEqualTo((byte) 3);
            assertThat(sender.pollReply(reply)).isZero();
        }
    }

    @Test
    void aFrameAboveTheLargestDatagramIsRefusedBeforeTheSocket() throws Exception {
        try (ReceiveChannel receiver = udp.openReceiver(Endpoint.of("127.0.0.1", 0), QosLevel.bestEffort());
             SendChannel sender = udp.openSender(receiver.localEndpoint(), QosLevel.bestEffort())) {
            assertThat(sender.send(ByteBuffer.allocate(udp.capabilities().maxMessageBytes() + 1))).isEqualTo(SendChannel.TOO_LARGE);
            assertThat(sender.send(ByteBuffer.allocate(udp.capabilities().maxMessageBytes()))).isEqualTo(65_507);
        }
    }

    @Test
    void aClosedReceiverEndsItsReceivingThread() throws Exception {
        ReceiveChannel receiver = udp.openReceiver(Endpoint.of("127.0.0.1", 0), QosLevel.bestEffort());
        int[] result = new int[1];
        Thread reader = Thread.ofPlatform().start(() -> result[0] = receiver.receive(ByteBuffer.allocate(100), receiver.newReplyTo()));
        receiver.close();
        reader.join(10_000);
        assertThat(result[0]).isEqualTo(ReceiveChannel.CLOSED);
        assertThat(UdpSockets.class).isNotNull();
    }
}
