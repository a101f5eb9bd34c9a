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
 * After each event it could read that asks for it ({@link ControlFrame#ACK_WANTED}), a worker
 * sends its sender a 16-byte ACK with the event id: what the broker's least-outstanding groups
 * count. Completed, failed and refused events alike; events without the flag get none.
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
            broker.send(ackWanted(EventSender.frame(100, "door", "strict", Artifacts.event1k5()), false), invoker); // not counted
            broker.send(ackWanted(EventSender.frame(101, "door", "strict", Artifacts.event1k5()), true), invoker);
            broker.send(ackWanted(EventSender.frame(102, "door", "best-effort", Artifacts.event1k5()), true), invoker); // wrong level
            broker.send(ackWanted(EventSender.frame(103, "nobody", "strict", new byte[1]), true), invoker);          // unknown
            broker.send(ByteBuffer.wrap(new byte[]{1, 2, 3}), invoker);                                                // not a frame
            broker.send(ackWanted(EventSender.frame(104, "door", "strict", Artifacts.event1k5()), false), invoker); // not counted
            broker.send(ackWanted(EventSender.frame(105, "door", "strict", Artifacts.event1k5()), true), invoker);

            List<Long> acked = new ArrayList<>();
            ByteBuffer ack = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            while (acked.size() < 4) {
                ack.clear();
                broker.receive(ack);
                acked.add(ControlFrame.ackedEventId(ack, ack.position()));
            }

            assertThat(acked).as("events 100 and 104 did not ask").containsExactly(101L, 102L, 103L, 105L);
            f.awaitAllAccounted();
        }
    }

    private static ByteBuffer ackWanted(byte[] frame, boolean wanted) {
        ByteBuffer buffer = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        ControlFrame.ackWanted(buffer, wanted);
        return buffer;
    }
}
