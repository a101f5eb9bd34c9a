package io.tempos.trigger;

import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The UDP endpoints (placement B's sensor case): datagrams in, frames to the broker's port of the level. */
class UdpIngressTest {

    @TempDir
    Path dir;

    @Test
    void aDatagramBecomesAFrameOnItsLevelAndBadOnesAreCounted() throws Exception {
        try (TriggerFixture fixture = new TriggerFixture(dir, "max-payload-bytes = 100", "");
             DatagramChannel source = DatagramChannel.open()) {
            InetSocketAddress strict = new InetSocketAddress("127.0.0.1", fixture.udpPort("strict"));
            for (String datagram : new String[]{"no newline", "\nno name", "window\nx", "camera\nx", "door\n" + "x".repeat(101), "door\n{\"card\":7}"}) {
                source.send(ByteBuffer.wrap(datagram.getBytes()), strict);
            }

            TriggerFixture.Frame frame = fixture.next("strict");
            assertThat(frame.workflow()).isEqualTo("door");
            assertThat(frame.level()).isEqualTo("strict");
            assertThat(frame.payload()).isEqualTo("{\"card\":7}");
            assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED)).isEqualTo(2);
            assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW)).isEqualTo(1);
            assertThat(fixture.dropped("camera", DropReason.WRONG_LEVEL)).isEqualTo(1);
            assertThat(fixture.dropped("door", DropReason.OVERSIZED)).isEqualTo(1);
            assertThat(fixture.stats("door").forwarded()).isEqualTo(1);
            assertThat(fixture.nothingWaiting("best-effort")).isTrue();
        }
    }
}
