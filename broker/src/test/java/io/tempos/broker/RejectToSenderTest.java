package io.tempos.broker;

import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.WorkflowSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under the {@code reject} overflow policy a full queue answers the sender of each refused event
 * with a REJECT frame naming it, and counts it once, as the broker's {@code rejected} drop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RejectToSenderTest {

    @TempDir
    Path dir;

    @Test
    void everyRejectedEventIsAnsweredToItsSenderAndCountedOnce() throws Exception {
        String toml = LaneFixture.baseToml("health-interval-ms = 0", """
                [levels.best-effort]
                queue-capacity = 1
                overflow = "reject"
                """) + """
                [topics.cams]
                level = "best-effort"
                subscribers = ["a"]
                """ + LaneFixture.workflow("w", "cams", "best-effort");
        try (LaneFixture f = LaneFixture.start(toml, dir);
             TestInvoker a = new TestInvoker(f.deployment.invokers().get("a").ports().get("best-effort"), true)) {
            Set<Long> rejectedIds = ConcurrentHashMap.newKeySet();
            Thread reader = Thread.ofPlatform().daemon(true).start(() -> readRejections(f.sender(), rejectedIds));
            long sent = 0;
            // A queue of one fills whenever two events arrive before the processor takes the
            // first: bursts make that happen, however fast this machine is.
            while (f.stats("w").dropped().getOrDefault("rejected", 0L) == 0 && sent < 200_000) {
                for (int i = 0; i < 500; i++) {
                    f.send(++sent, "w", "best-effort", new byte[1024]);
                }
            }
            long total = sent;
            await().atMost(LaneFixture.WAIT).untilAsserted(() -> {
                WorkflowSnapshot s = f.stats("w");
                assertThat(s.received()).isEqualTo(total);
                assertThat(s.forwarded() + s.droppedTotal()).isEqualTo(total);
                assertThat((long) rejectedIds.size()).isEqualTo(s.dropped().getOrDefault("rejected", 0L));
            });
            WorkflowSnapshot s = f.stats("w");
            assertThat(s.dropped()).containsOnlyKeys("rejected");
            assertThat(s.dropped().get("rejected")).isPositive();
            assertThat(rejectedIds).allMatch(id -> id >= 1 && id <= total);
            reader.interrupt();
        }
    }

    private static void readRejections(DatagramChannel channel, Set<Long> ids) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1024).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame frame = new EventFrame();
        try {
            while (true) {
                buffer.clear();
                channel.receive(buffer);
                if (frame.wrap(buffer, 0).check(buffer.position(), 1024) > 0 && frame.flags() == ControlFrame.REJECT) {
                    assertThat(frame.workflow()).isEqualTo("w");
                    assertThat(frame.payloadLength()).isZero();
                    ids.add(frame.eventId());
                }
            }
        } catch (IOException e) {
            // the fixture closed the socket
        }
    }
}
