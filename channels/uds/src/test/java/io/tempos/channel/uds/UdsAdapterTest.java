package io.tempos.channel.uds;

import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.qos.QosLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsAdapterTest {

    @TempDir
    Path dir;
    private final UdsAdapter uds = new UdsAdapter();

    @Test
    void carriesFramesAndRepliesAndRemovesItsSocketFileOnClose() throws Exception {
        Path socket = dir.resolve("strict.sock");
        ReceiveChannel receiver = uds.openReceiver(Endpoint.ofPath(socket), QosLevel.bestEffort());
        try (SendChannel sender = uds.openSender(Endpoint.ofPath(socket), QosLevel.bestEffort())) {
            assertThat(socket).exists();
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.send(ByteBuffer.wrap(new byte[]{9, 8, 7})) == 3);
            ByteBuffer into = ByteBuffer.allocate(64);
            ReceiveChannel.ReplyTo from = receiver.newReplyTo();
            assertThat(receiver.receive(into, from)).isEqualTo(3);
            assertThat(into.get(0)).isEqualTo((byte) 9);
            assertThat(receiver.reply(ByteBuffer.wrap(new byte[]{1}), from)).isEqualTo(1);
            assertThat(sender.awaitReply(ByteBuffer.allocate(16))).isEqualTo(1);
        } finally {
            receiver.close();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void replacesTheStaleSocketOfADeadProcess() throws Exception {
        Path socket = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();   // the file stays, as after a crash
        assertThat(socket).exists();

        try (ReceiveChannel receiver = uds.openReceiver(Endpoint.ofPath(socket), QosLevel.bestEffort())) {
            assertThat(receiver.localEndpoint().path()).isEqualTo(socket.toString());
        }
    }

    @Test
    void refusesToReplaceAFileThatIsNotASocket() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> uds.openReceiver(Endpoint.ofPath(file), QosLevel.bestEffort()))
                .hasMessage("uds: " + file + " exists and is not a socket; refusing to replace it");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void declaresThatItCarriesNoPriority() {
        assertThat(uds.capabilities().carriesPriority()).isFalse();
        assertThat(uds.capabilities().reliable()).isTrue();
    }
}
