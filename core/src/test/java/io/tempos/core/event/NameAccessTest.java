package io.tempos.core.event;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.tempos.core.event.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The allocation-free name accessors agree with the String ones. */
class NameAccessTest {

    private final EventFrame frame = new EventFrame();

    private EventFrame framed(String workflow, String level, int at) {
        byte[] bytes = Frames.encode(7, workflow, level, new byte[]{1, 2, 3});
        ByteBuffer buffer = ByteBuffer.allocateDirect(at + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(at, bytes);
        frame.wrap(buffer, at);
        assertThat(frame.check(bytes.length, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(bytes.length);
        return frame;
    }

    @Test
    void namesCompareByTheirBytes() {
        EventFrame f = framed("door-lock", "strict", 5);

        assertThat(f.workflowEquals(utf8("door-lock"))).isTrue();
        assertThat(f.workflowEquals(utf8("door-loc"))).isFalse();
        assertThat(f.workflowEquals(utf8("door-lockx"))).isFalse();
        assertThat(f.workflowEquals(utf8("strict"))).isFalse();
        assertThat(f.levelEquals(utf8("strict"))).isTrue();
        assertThat(f.levelEquals(utf8("door-lock"))).isFalse();
        assertThat(f.namesOffset()).isEqualTo(5 + EventFrame.HEADER_BYTES);
    }

    @Test
    void theHashInPlaceIsTheHashOfTheNamesBytes() {
        for (String name : new String[]{"a", "door-lock", "caméra-analytics", "x".repeat(255)}) {
            assertThat(framed(name, "best-effort", 0).workflowHash()).as(name).isEqualTo(EventFrame.nameHash(utf8(name)));
        }
        assertThat(EventFrame.nameHash(utf8("door-lock"))).isNotEqualTo(EventFrame.nameHash(utf8("door-lick")));
    }

    @Test
    void aFramesFlagsAreZeroAsEncoded() {
        assertThat(framed("w", "strict", 0).flags()).isZero();
    }
}
