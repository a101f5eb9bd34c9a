package io.tempos.core.event;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.tempos.core.event.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledgements and rejections, the frames that travel against the events. */
class ControlFrameTest {

    @Test
    void anAckIsSixteenBytesWithTheEventId() {
        ByteBuffer ack = ControlFrame.encodeAck(ByteBuffer.allocate(64), 0x1234_5678_9ABCL);

        assertThat(ack.remaining()).isEqualTo(ControlFrame.ACK_BYTES);
        assertThat(ack.array()[0]).isEqualTo((byte) 0x54);   // 'T', little-endian magic
        assertThat(ack.array()[1]).isEqualTo((byte) 0x50);
        assertThat(ack.array()[3]).isEqualTo((byte) ControlFrame.ACK);
        assertThat(ControlFrame.ackedEventId(ack, ControlFrame.ACK_BYTES)).isEqualTo(0x1234_5678_9ABCL);
    }

    @Test
    void anythingElseIsNoAck() {
        ByteBuffer ack = ControlFrame.encodeAck(ByteBuffer.allocate(64), 9);
        assertThat(ControlFrame.ackedEventId(ack, 15)).isEqualTo(-1);
        ack.put(3, (byte) ControlFrame.REJECT);
        assertThat(ControlFrame.ackedEventId(ack, 16)).isEqualTo(-1);
        byte[] event = Frames.encode(9, "w", "strict", new byte[0]);
        assertThat(ControlFrame.ackedEventId(ByteBuffer.wrap(event), 16)).isEqualTo(-1);
    }

    @Test
    void aRejectionIsTheEventsHeaderAndNamesWithoutPayloadAndPassesTheCheck() {
        byte[] event = Frames.encode(42, "door-lock", "strict", new byte[1000]);
        ByteBuffer in = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame frame = new EventFrame().wrap(in, 0);
        assertThat(frame.check(event.length, EventFrame.MAX_DATAGRAM_BYTES)).isPositive();
        frame.stamp(Hop.CREATED, 11);

        ByteBuffer out = ByteBuffer.allocate(600);
        int length = ControlFrame.encodeReject(frame, out);

        assertThat(length).isEqualTo(EventFrame.HEADER_BYTES + "door-lock".length() + "strict".length());
        assertThat(out.remaining()).isEqualTo(length);
        EventFrame rejected = new EventFrame().wrap(out, 0);
        assertThat(rejected.check(length, length)).isEqualTo(length);
        assertThat(rejected.flags()).isEqualTo(ControlFrame.REJECT);
        assertThat(rejected.eventId()).isEqualTo(42);
        assertThat(rejected.workflowEquals(utf8("door-lock"))).isTrue();
        assertThat(rejected.payloadLength()).isZero();
        assertThat(rejected.timestamp(Hop.CREATED)).isEqualTo(11);
    }
}
