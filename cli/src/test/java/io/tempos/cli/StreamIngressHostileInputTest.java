package io.tempos.cli;

import io.tempos.broker.Broker;
import io.tempos.core.config.Deployment;
import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input on the broker's stream ingress (tcp, uds): garbage inside a well-formed length
 * prefix, a zero-length frame, a frame naming an unknown workflow, a connection that ends inside a
 * frame (truncated), and a length prefix far above the adapter's limit (the broker closes that
 * connection: its stream cannot be resynchronised). Each is counted with its reason, and the
 * broker goes on receiving events on new connections.
 */
@Timeout(60)
class StreamIngressHostileInputTest {

    @TempDir
    Path sockets;

    @ParameterizedTest(name = "channel {0}")
    @ValueSource(strings = {"tcp", "uds"})
    void garbageTruncatedAndOversizedFramesAreCountedAndTheBrokerKeepsReceiving(String channel) throws Exception {
        Deployment d = HotelFixture.deployment(ChannelToml.of(channel, sockets));
        try (Broker broker = Broker.start(d, "mom")) {
            try (SocketChannel c = connect(d, channel)) {
                write(c, framed(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));                       // garbage
                write(c, framed(new byte[0]));                                                    // empty frame
                write(c, framed(frame(1, "nobody", "strict")));                                   // unknown workflow
            }
            try (SocketChannel c = connect(d, channel)) {
                write(c, ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putInt(100).put(new byte[10]).flip()); // truncated
            }
            try (SocketChannel c = connect(d, channel)) {
                write(c, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFF0).putInt(0).flip()); // oversized
                await().atMost(Duration.ofSeconds(10)).until(() -> unattributed(broker).getOrDefault(DropReason.OVERSIZED.label(), 0L) == 1);
            }
            try (SocketChannel c = connect(d, channel)) {
                write(c, framed(frame(2, "door", "strict")));
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().workflow("door").map(WorkflowSnapshot::received).orElse(0L) == 1);
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(unattributed(broker)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    DropReason.MALFORMED.label(), 3L, DropReason.OVERSIZED.label(), 1L, DropReason.UNKNOWN_WORKFLOW.label(), 1L)));
        }
    }

    private static Map<String, Long> unattributed(Broker broker) {
        return broker.stats().workflow(ComponentStats.UNATTRIBUTED).map(WorkflowSnapshot::dropped).orElse(Map.of());
    }

    private static SocketChannel connect(Deployment d, String channel) throws IOException {
        var mom = d.brokers().get("mom");
        if (channel.equals("uds")) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(UnixDomainSocketAddress.of(mom.socketPaths().get("strict")));
            return c;
        }
        return SocketChannel.open(new InetSocketAddress(mom.host(), mom.ports().get("strict")));
    }

    private static void write(SocketChannel c, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            c.write(bytes);
        }
    }

    private static ByteBuffer framed(byte[] frame) {
        return ByteBuffer.allocate(4 + frame.length).order(ByteOrder.LITTLE_ENDIAN).putInt(frame.length).put(frame).flip();
    }

    private static byte[] frame(long id, String workflow, String level) {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] w = workflow.getBytes(StandardCharsets.UTF_8);
        byte[] l = level.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(EventFrame.encodedLength(w, l, payload.length)).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame.encode(buffer, id, w, l, payload, 0, payload.length);
        return buffer.array();
    }
}
