package io.tempos.channel.tcp;

import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpAdapterTest {

    private final TcpAdapter tcp = new TcpAdapter();

    private static ByteBuffer frame(int id, int bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes);
        b.putInt(0, id);
        return b;
    }

    @Test
    void deliversEveryFrameInOrderAndRepliesOnTheSameConnection() throws Exception {
        try (ReceiveChannel receiver = tcp.openReceiver(Endpoint.of("127.0.0.1", 0), QosLevel.strict());
             SendChannel sender = tcp.openSender(receiver.localEndpoint(), QosLevel.strict())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.send(frame(0, 100)) == 100);
            for (int i = 1; i <= 1000; i++) {
                assertThat(sender.send(frame(i, 4 + i % 200))).isEqualTo(4 + i % 200);
            }
            ByteBuffer into = ByteBuffer.allocate(TcpAdapter.MAX_FRAME_BYTES);
            ReceiveChannel.ReplyTo from = receiver.newReplyTo();
            for (int i = 0; i <= 1000; i++) {
                int n = receiver.receive(into, from);
                assertThat(n).isEqualTo(i == 0 ? 100 : 4 + i % 200);
                assertThat(into.getInt(0)).isEqualTo(i);
            }
            assertThat(receiver.reply(ByteBuffer.wrap(new byte[16]), from)).isEqualTo(16);
            ByteBuffer reply = ByteBuffer.allocate(64);
            assertThat(sender.awaitReply(reply)).isEqualTo(16);
        }
    }

    @Test
    void theLargestFrameCarriesAndOneMoreByteIsRefused() throws Exception {
        try (ReceiveChannel receiver = tcp.openReceiver(Endpoint.of("127.0.0.1", 0), QosLevel.bestEffort());
             SendChannel sender = tcp.openSender(receiver.localEndpoint(), QosLevel.bestEffort())) {
            assertThat(sender.send(ByteBuffer.allocate(TcpAdapter.MAX_FRAME_BYTES + 1))).isEqualTo(SendChannel.TOO_LARGE);
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.send(frame(7, TcpAdapter.MAX_FRAME_BYTES)) > 0);
            ByteBuffer into = ByteBuffer.allocate(TcpAdapter.MAX_FRAME_BYTES);
            assertThat(receiver.receive(into, receiver.newReplyTo())).isEqualTo(TcpAdapter.MAX_FRAME_BYTES);
            assertThat(into.getInt(0)).isEqualTo(7);
        }
    }

    @Test
    void aSenderWithoutReceiverFailsAtOnceThenReconnectsWhenTheReceiverIsBack() throws Exception {
        int port = FreePorts.next();
        Endpoint at = Endpoint.of("127.0.0.1", port);
        AtomicInteger failures = new AtomicInteger();
        try (SendChannel sender = tcp.openSender(at, QosLevel.bestEffort())) {
            ReceiveChannel first = tcp.openReceiver(at, QosLevel.bestEffort());
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.send(frame(1, 8)) == 8);
            assertThat(first.receive(ByteBuffer.allocate(64), first.newReplyTo())).isEqualTo(8);
            first.close();

            // The receiver is gone: sends fail with a named code (after TCP notices) and never block.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                int rc = sender.send(frame(2, 8));
                if (rc < 0) {
                    assertThat(rc).isEqualTo(SendChannel.NOT_CONNECTED);
                    failures.incrementAndGet();
                }
                return failures.get() >= 3;
            });

            try (ReceiveChannel second = tcp.openReceiver(at, QosLevel.bestEffort())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> sender.send(frame(3, 8)) == 8);
                ByteBuffer into = ByteBuffer.allocate(64);
                int id;
                do {
                    assertThat(second.receive(into, second.newReplyTo())).isEqualTo(8);
                    id = into.getInt(0);
                } while (id != 3);   // frames taken whole before the break may come first
                assertThat(((io.tempos.core.channel.FramedStreamSender) sender).connections()).isEqualTo(2);
            }
        }
        assertThat(failures.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void manySendersShareOneReceiver() throws Exception {
        try (ReceiveChannel receiver = tcp.openReceiver(Endpoint.of("127.0.0.1", 0), QosLevel.bestEffort());
             SendChannel a = tcp.openSender(receiver.localEndpoint(), QosLevel.bestEffort());
             SendChannel b = tcp.openSender(receiver.localEndpoint(), QosLevel.bestEffort())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.send(frame(1, 4)) == 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.send(frame(2, 4)) == 4);
            ByteBuffer into = ByteBuffer.allocate(64);
            int sum = 0;
            for (int i = 0; i < 2; i++) {
                assertThat(receiver.receive(into, receiver.newReplyTo())).isEqualTo(4);
                sum += into.getInt(0);
            }
            assertThat(sum).isEqualTo(3);
        }
    }
}
