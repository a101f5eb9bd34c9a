package io.tempos.core.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ResultFrameTest {

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(EventFrame.MAX_DATAGRAM_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void resultRoundTripsItsIdStatusAndBody() {
        byte[] body = "{\"occurrences\":3}".getBytes(StandardCharsets.UTF_8);
        buffer.put(ControlFrame.RESULT_HEADER_BYTES, body);
        ControlFrame.encodeResultHeader(buffer, 42L, ControlFrame.STATUS_OK, body.length);

        assertThat(buffer.limit()).isEqualTo(ControlFrame.RESULT_HEADER_BYTES + body.length);
        assertThat(ControlFrame.hasFlags(buffer, buffer.limit(), ControlFrame.RESULT)).isTrue();
        assertThat(ControlFrame.resultEventId(buffer, buffer.limit())).isEqualTo(42L);
        assertThat(ControlFrame.resultStatus(buffer)).isEqualTo(ControlFrame.STATUS_OK);
        byte[] read = new byte[body.length];
        buffer.get(ControlFrame.RESULT_HEADER_BYTES, read);
        assertThat(read).containsExactly(body);
    }

    @Test
    void emptyFailedResultIsStillAResult() {
        ControlFrame.encodeResultHeader(buffer, 7L, ControlFrame.STATUS_TIMEOUT, 0);

        assertThat(ControlFrame.resultEventId(buffer, ControlFrame.RESULT_HEADER_BYTES)).isEqualTo(7L);
        assertThat(ControlFrame.resultStatus(buffer)).isEqualTo(ControlFrame.STATUS_TIMEOUT);
    }

    @Test
    void lengthMismatchOrUnknownStatusOrOtherFlagsAreNotResults() {
        ControlFrame.encodeResultHeader(buffer, 9L, ControlFrame.STATUS_OK, 10);
        assertThat(ControlFrame.resultEventId(buffer, 29)).as("truncated").isEqualTo(-1);
        assertThat(ControlFrame.resultEventId(buffer, 19)).as("shorter than the header").isEqualTo(-1);
        buffer.put(16, (byte) 9);
        assertThat(ControlFrame.resultEventId(buffer, 30)).as("unknown status").isEqualTo(-1);
        ControlFrame.encodeAck(buffer, 9L);
        assertThat(ControlFrame.resultEventId(buffer, ControlFrame.ACK_BYTES)).as("an ack").isEqualTo(-1);
        assertThat(ControlFrame.hasFlags(buffer, ControlFrame.ACK_BYTES, ControlFrame.RESULT)).isFalse();
    }

    @Test
    void bodyLargerThanADatagramIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> ControlFrame.encodeResultHeader(buffer, 1L, ControlFrame.STATUS_OK, ControlFrame.MAX_RESULT_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining((ControlFrame.MAX_RESULT_BYTES + 1) + " bytes > limit " + ControlFrame.MAX_RESULT_BYTES);
    }

    @Test
    void replyFlagAndPortLiveInTheEventHeaderAndTheEventStillChecks() {
        byte[] workflow = "door".getBytes(StandardCharsets.UTF_8);
        byte[] level = "strict".getBytes(StandardCharsets.UTF_8);
        ByteBuffer event = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame.encode(event, 5L, workflow, level, ByteBuffer.wrap(new byte[]{1, 2}), 2);
        int length = event.position();
        EventFrame frame = new EventFrame().wrap(event, 0);

        frame.flag(ControlFrame.REPLY, true).replyPort(40_000);

        assertThat(frame.check(length, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(length);
        assertThat(frame.flags() & ControlFrame.REPLY).isNotZero();
        assertThat(frame.replyPort()).isEqualTo(40_000);
        assertThat(frame.flag(ControlFrame.REPLY, false).flags()).isZero();
    }
}
