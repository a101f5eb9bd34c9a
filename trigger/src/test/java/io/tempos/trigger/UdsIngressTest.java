package io.tempos.trigger;

import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Placement A: a source on the trigger's host sends length-prefixed frames over a real Unix domain socket. */
class UdsIngressTest {

    @TempDir
    Path dir;

    private String keys() {
        return "uds-paths = { strict = \"" + dir.resolve("run/strict.sock") + "\", best-effort = \"" + dir.resolve("run/be.sock") + "\" }\n"
                + "max-payload-bytes = 100";
    }

    @Test
    void framesBecomeEventsAndEveryFrameIsAnswered() throws Exception {
        try (BridgeFixture fixture = new BridgeFixture(dir, keys(), "");
             SocketChannel source = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("run/strict.sock")))) {
            send(source, "door\n{\"card\":1}");
            String ok = answer(source);
            BridgeFixture.Frame frame = fixture.next("strict");
            assertThat(ok).isEqualTo("ok " + frame.eventId());
            assertThat(frame.workflow()).isEqualTo("door");
            assertThat(frame.level()).isEqualTo("strict");
            assertThat(frame.payload()).isEqualTo("{\"card\":1}");

            send(source, "no newline at all");
            assertThat(answer(source)).startsWith("error malformed: a frame is the workflow name");
            send(source, "window\nx");
            assertThat(answer(source)).startsWith("error unknown-workflow: no workflow 'window'");
            send(source, "camera\nx");
            assertThat(answer(source)).isEqualTo("error wrong-level: workflow 'camera' has level 'best-effort'; this endpoint serves level 'strict'");
            send(source, "door\n" + "x".repeat(101));
            assertThat(answer(source)).isEqualTo("error oversized: payload 101 bytes > max-payload-bytes 100");
            send(source, "door\n" + "x".repeat(1000));
            assertThat(answer(source)).startsWith("error oversized: frame of 1005 bytes > 356");
            send(source, "door\nstill open");
            assertThat(answer(source)).startsWith("ok ");
            assertThat(fixture.next("strict").payload()).isEqualTo("still open");

            assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED)).isEqualTo(1);
            assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW)).isEqualTo(1);
            assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.OVERSIZED)).isEqualTo(1);
            assertThat(fixture.dropped("camera", DropReason.WRONG_LEVEL)).isEqualTo(1);
            assertThat(fixture.dropped("door", DropReason.OVERSIZED)).isEqualTo(1);
            assertThat(fixture.stats("door").forwarded()).isEqualTo(2);
        }
    }

    @Test
    void aSourceThatHangsUpMidFrameLeavesTheEndpointServingOthers() throws Exception {
        try (BridgeFixture fixture = new BridgeFixture(dir, keys(), "")) {
            Path socket = dir.resolve("run/be.sock");
            try (SocketChannel broken = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                broken.write(ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(50).put((byte) 'c').put((byte) 'a').flip());
            }
            try (SocketChannel source = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                send(source, "camera\nframe");
                assertThat(answer(source)).startsWith("ok ");
                assertThat(fixture.next("best-effort").payload()).isEqualTo("frame");
            }
        }
        assertThat(dir.resolve("run/be.sock")).as("removed on close").doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneOrAPlainFileIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Path strict = dir.resolve("run/strict.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(strict));
        }
        assertThat(strict).exists();
        try (BridgeFixture fixture = new BridgeFixture(dir, keys(), "");
             SocketChannel source = SocketChannel.open(UnixDomainSocketAddress.of(strict))) {
            send(source, "door\nafter a crash");
            assertThat(answer(source)).startsWith("ok ");

            Files.createDirectories(dir.resolve("second"));
            assertThatThrownBy(() -> new BridgeFixture(dir.resolve("second"), keys(), ""))
                    .hasMessageContaining("cannot bind Unix socket " + strict + ": a running process serves it");
        }
        Files.writeString(strict, "not a socket");
        assertThatThrownBy(() -> new BridgeFixture(dir, keys(), ""))
                .hasMessageContaining("cannot bind Unix socket " + strict + ": the path exists and is not a socket");
        assertThat(strict).hasContent("not a socket");
    }

    static void send(SocketChannel channel, String frame) throws IOException {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).put(bytes).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static String answer(SocketChannel channel) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, length);
        ByteBuffer text = ByteBuffer.allocate(length.getInt(0));
        readFully(channel, text);
        return new String(text.array(), StandardCharsets.UTF_8);
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the trigger closed the stream");
            }
        }
    }
}
