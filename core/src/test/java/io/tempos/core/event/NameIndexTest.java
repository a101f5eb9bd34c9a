package io.tempos.core.event;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.tempos.core.event.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Lookups by a frame's name bytes and by a byte range find exactly the entry of that name. */
class NameIndexTest {

    private static NameIndex<String> indexOf(List<String> names) {
        return new NameIndex<>(names, Frames::utf8);
    }

    private static EventFrame frameNaming(String workflow) {
        byte[] bytes = Frames.encode(1, workflow, "strict", new byte[]{9});
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN).put(0, bytes);
        EventFrame frame = new EventFrame().wrap(buffer, 0);
        assertThat(frame.check(bytes.length, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(bytes.length);
        return frame;
    }

    @Test
    void aFrameFindsTheEntryOfItsWorkflowAndNothingElse() {
        NameIndex<String> index = indexOf(List.of("door-lock", "camera-analytics", "caméra"));

        assertThat(index.find(frameNaming("door-lock"))).isEqualTo("door-lock");
        assertThat(index.find(frameNaming("caméra"))).isEqualTo("caméra");
        assertThat(index.find(frameNaming("door-loc"))).isNull();
        assertThat(index.find(frameNaming("door-lockx"))).isNull();
    }

    @Test
    void aByteRangeInsideALargerBufferFindsItsName() {
        NameIndex<String> index = indexOf(List.of("door-lock", "sensor"));
        ByteBuffer datagram = ByteBuffer.wrap(utf8("xxsensor\n{\"t\":1}"));

        assertThat(index.find(datagram, 2, 6)).isEqualTo("sensor");
        assertThat(index.find(datagram, 2, 5)).isNull();
        assertThat(index.find(datagram, 0, 8)).isNull();
    }

    @Test
    void manyNamesIncludingCollidingSlotsAreAllFound() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            names.add("workflow-" + i);
        }
        NameIndex<String> index = indexOf(names);

        for (String name : names) {
            byte[] bytes = utf8(name);
            assertThat(index.find(ByteBuffer.wrap(bytes), 0, bytes.length)).isEqualTo(name);
        }
        assertThat(index.find(ByteBuffer.wrap(utf8("workflow-1000")), 0, 13)).isNull();
    }

    @Test
    void anEmptyIndexFindsNothing() {
        NameIndex<String> index = indexOf(List.of());

        assertThat(index.find(frameNaming("anything"))).isNull();
        assertThat(index.find(ByteBuffer.wrap(utf8("a")), 0, 1)).isNull();
    }
}
