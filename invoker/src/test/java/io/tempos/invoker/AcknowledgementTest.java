package io.tempos.invoker;

import io.tempos.core.event.ControlFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After each event it could read, a worker sends its sender a 16-byte ACK with the event id:
 * what the broker's least-outstanding groups count. Completed, failed and refused events alike.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcknowledgementTest {

    @TempDir
    Path dir;

    @Test
    void everyReadableEventIsAcknowledgedToItsSender() throws Exception {
        try (InvokerFixture f = InvokerFixture.start(InvokerFixture.dlfWorkflow("door", InvokerFixture.STRICT, "warm"), dir);
             DatagramChannel broker = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress invoker = new InetSocketAddress("127.0.0.1", f.port(InvokerFixture.STRICT));
            broker.send(ByteBuffer.wrap(EventSender.frame(101, "door", "strict", Artifacts.event1k5())), invoker);
            broker.send(ByteBuffer.wrap(EventSender.frame(102, "door", "best-effort", Artifacts.event1k5())), invoker); // wrong level
            broker.send(ByteBuffer.wrap(EventSender.frame(103, "nobody", "strict", new byte[1])), invoker);          // unknown
            broker.send(ByteBuffer.wrap(new byte[]{1, 2, 3}), invoker);                                                // not a frame

            List<Long> acked = new ArrayList<>();
            ByteBuffer ack = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            while (acked.size() < 3) {
                ack.clear();
                broker.receive(ack);
                acked.add(ControlFrame.ackedEventId(ack, ack.position()));
            }

            assertThat(acked).containsExactly(101L, 102L, 103L);
            f.awaitAllAccounted();
        }
    }
}
