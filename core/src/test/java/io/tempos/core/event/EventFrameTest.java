package io.tempos.core.event;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.tempos.core.event.Frames.check;
import static io.tempos.core.event.Frames.encode;
import static io.tempos.core.event.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Examples of the wire format; {@link EventFramePropertyTest} checks the same rules on generated frames. */
class EventFrameTest {

    private static final byte[] WORKFLOW = utf8("door-lock");
    private static final byte[] LEVEL = utf8("strict");
    private static final byte[] PAYLOAD = utf8("{\"card\":\"4711\",\"door\":12}");
    private static final byte SENTINEL = 0x7F;

    static Stream<Arguments> buffers() {
        return Stream.of(false, true).flatMap(direct ->
                Stream.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN).flatMap(order ->
                        Stream.of(0, 13).map(offset -> Arguments.of(direct, order, offset))));
    }

    @ParameterizedTest(name = "direct={0} order={1} offset={2}")
    @MethodSource("buffers")
    void encodesChecksAndReadsBackEveryField(boolean direct, ByteOrder order, int offset) {
        int length = EventFrame.encodedLength(WORKFLOW, LEVEL, PAYLOAD.length);
        ByteBuffer buffer = (direct ? ByteBuffer.allocateDirect(offset + length + 16) : ByteBuffer.allocate(offset + length + 16)).order(order);
        fill(buffer, SENTINEL);
        buffer.position(offset);

        EventFrame.encode(buffer, 42L, WORKFLOW, LEVEL, PAYLOAD, 0, PAYLOAD.length);

        assertThat(buffer.position()).as("encode advances the position past the frame").isEqualTo(offset + length);
        EventFrame frame = new EventFrame().wrap(buffer, offset);
        assertThat(frame.check(length, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(length);
        assertThat(frame.frameLength()).isEqualTo(length);
        assertThat(frame.eventId()).isEqualTo(42L);
        assertThat(frame.workflow()).isEqualTo("door-lock");
        assertThat(frame.level()).isEqualTo("strict");
        assertThat(frame.payloadLength()).isEqualTo(PAYLOAD.length);
        assertThat(frame.payloadOffset()).isEqualTo(offset + EventFrame.HEADER_BYTES + WORKFLOW.length + LEVEL.length);
        assertThat(frame.payload()).isEqualTo(PAYLOAD);
        for (Hop hop : Hop.values()) {
            assertThat(frame.timestamp(hop)).as("%s starts unset", hop).isZero();
        }
        for (int i = 0; i < offset; i++) {
            assertThat(buffer.get(i)).as("byte %d before the frame", i).isEqualTo(SENTINEL);
        }
        for (int i = offset + length; i < buffer.capacity(); i++) {
            assertThat(buffer.get(i)).as("byte %d after the frame", i).isEqualTo(SENTINEL);
        }
    }

    @ParameterizedTest(name = "direct={0} order={1} offset={2}")
    @MethodSource("buffers")
    void stampsInPlaceWithoutDisturbingTheRest(boolean direct, ByteOrder order, int offset) {
        int length = EventFrame.encodedLength(WORKFLOW, LEVEL, PAYLOAD.length);
        ByteBuffer buffer = (direct ? ByteBuffer.allocateDirect(offset + length) : ByteBuffer.allocate(offset + length)).order(order);
        buffer.position(offset);
        EventFrame.encode(buffer, -7L, WORKFLOW, LEVEL, PAYLOAD, 0, PAYLOAD.length);
        EventFrame writer = new EventFrame().wrap(buffer, offset);

        for (Hop hop : Hop.values()) {
            writer.stamp(hop, 1_000_000_000_000L * (hop.ordinal() + 1) + hop.ordinal());
        }

        // A second flyweight over the same memory sees the stamps: they were written in place.
        EventFrame reader = new EventFrame().wrap(buffer, offset);
        assertThat(reader.check(length, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(length);
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (Hop hop : Hop.values()) {
            long expected = 1_000_000_000_000L * (hop.ordinal() + 1) + hop.ordinal();
            assertThat(reader.timestamp(hop)).as("%s", hop).isEqualTo(expected);
            assertThat(le.getLong(offset + 16 + 8 * hop.ordinal())).as("%s on the wire, little-endian", hop).isEqualTo(expected);
        }
        assertThat(reader.eventId()).isEqualTo(-7L);
        assertThat(reader.workflow()).isEqualTo("door-lock");
        assertThat(reader.level()).isEqualTo("strict");
        assertThat(reader.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void stampingOneHopLeavesTheOthersUnset() {
        byte[] bytes = encode(1, "w", "strict", new byte[0]);
        EventFrame frame = new EventFrame().wrap(ByteBuffer.wrap(bytes), 0);

        frame.stamp(Hop.BROKER_IN, 123);

        for (Hop hop : Hop.values()) {
            assertThat(frame.timestamp(hop)).as("%s", hop).isEqualTo(hop == Hop.BROKER_IN ? 123 : 0);
        }
    }

    /** Pins docs/wire-format.md: every offset, little-endian, "TP" magic. */
    @Test
    void layoutIsTheDocumentedWireFormat() {
        byte[] bytes = encode(0x0102030405060708L, "wf", "lvl", new byte[] {9, 8, 7});
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(new String(bytes, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("TP");
        assertThat(bytes[2]).as("version").isEqualTo((byte) 1);
        assertThat(bytes[3]).as("flags").isZero();
        assertThat(le.getInt(4)).as("frame length").isEqualTo(80 + 2 + 3 + 3).isEqualTo(bytes.length);
        assertThat(le.getLong(8)).as("event id").isEqualTo(0x0102030405060708L);
        for (int i = 16; i < 72; i++) {
            assertThat(bytes[i]).as("timestamp byte %d", i).isZero();
        }
        assertThat(bytes[72]).as("workflow name length").isEqualTo((byte) 2);
        assertThat(bytes[73]).as("level name length").isEqualTo((byte) 3);
        assertThat(le.getShort(74)).as("reserved").isZero();
        assertThat(le.getInt(76)).as("payload length").isEqualTo(3);
        assertThat(Arrays.copyOfRange(bytes, 80, bytes.length)).isEqualTo(new byte[] {'w', 'f', 'l', 'v', 'l', 9, 8, 7});
    }

    @Test
    void oneTimestampSlotPerHopFillsTheHeaderExactly() {
        assertThat(EventFrame.TIMESTAMPS_OFFSET + Hop.count() * Long.BYTES).isEqualTo(EventFrame.WORKFLOW_LENGTH_OFFSET);
    }

    @Test
    void framesBackToBackInOneBufferAreReadWithOneFlyweight() {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        EventFrame.encode(buffer, 1, utf8("first"), LEVEL, new byte[] {1}, 0, 1);
        int second = buffer.position();
        EventFrame.encode(buffer, 2, utf8("second"), utf8("best-effort"), new byte[] {2, 2}, 0, 2);
        int end = buffer.position();
        EventFrame frame = new EventFrame();

        assertThat(frame.wrap(buffer, 0).check(second, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(second);
        assertThat(frame.workflow()).isEqualTo("first");
        assertThat(frame.payload()).containsExactly(1);
        assertThat(frame.wrap(buffer, second).check(end - second, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(end - second);
        assertThat(frame.eventId()).isEqualTo(2);
        assertThat(frame.workflow()).isEqualTo("second");
        assertThat(frame.level()).isEqualTo("best-effort");
        assertThat(frame.payload()).containsExactly(2, 2);
    }

    @Test
    void encodesASliceOfThePayloadArray() {
        byte[] source = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        ByteBuffer buffer = ByteBuffer.allocate(200);

        EventFrame.encode(buffer, 5, WORKFLOW, LEVEL, source, 3, 4);

        EventFrame frame = new EventFrame().wrap(buffer, 0);
        assertThat(frame.check(buffer.position(), EventFrame.MAX_DATAGRAM_BYTES)).isPositive();
        assertThat(frame.payload()).containsExactly(3, 4, 5, 6);
    }

    @ParameterizedTest(name = "direct source={0}")
    @ValueSource(booleans = {false, true})
    void encodesThePayloadFromABufferPositionLeavingItUnchanged(boolean direct) {
        ByteBuffer source = direct ? ByteBuffer.allocateDirect(20) : ByteBuffer.allocate(20);
        for (int i = 0; i < 20; i++) {
            source.put(i, (byte) i);
        }
        source.position(6);
        ByteBuffer out = ByteBuffer.allocate(200);

        EventFrame.encode(out, 5, WORKFLOW, LEVEL, source, 3);

        assertThat(source.position()).isEqualTo(6);
        EventFrame frame = new EventFrame().wrap(out, 0);
        assertThat(frame.check(out.position(), EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(out.position());
        assertThat(frame.payload()).containsExactly(6, 7, 8);
    }

    @Test
    void anEmptyPayloadIsAValidFrame() {
        byte[] bytes = encode(0, "w", "l", new byte[0]);

        assertThat(check(bytes)).isEqualTo(EventFrame.HEADER_BYTES + 2);
        EventFrame frame = new EventFrame().wrap(ByteBuffer.wrap(bytes), 0);
        assertThat(frame.payloadLength()).isZero();
        assertThat(frame.payload()).isEmpty();
    }

    @Test
    void namesOf255BytesOfMultibyteUtf8RoundTrip() {
        String workflow = "é".repeat(127) + "a";            // 2 * 127 + 1 = 255 bytes
        String level = "€".repeat(85);                       // 3 * 85 = 255 bytes
        assertThat(utf8(workflow)).hasSize(255);
        assertThat(utf8(level)).hasSize(255);

        byte[] bytes = encode(9, workflow, level, PAYLOAD);

        assertThat(check(bytes)).isEqualTo(bytes.length);
        EventFrame frame = new EventFrame().wrap(ByteBuffer.wrap(bytes), 0);
        assertThat(frame.workflow()).isEqualTo(workflow);
        assertThat(frame.level()).isEqualTo(level);
        assertThat(frame.payload()).isEqualTo(PAYLOAD);
    }

    @Nested
    class EncodeRefuses {

        @Test
        void anEmptyWorkflowName() {
            assertThatThrownBy(() -> encode(1, new byte[0], LEVEL, PAYLOAD))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("workflow name of 0 bytes: must be 1..255 bytes of UTF-8");
        }

        @Test
        void anEmptyLevelName() {
            assertThatThrownBy(() -> encode(1, WORKFLOW, new byte[0], PAYLOAD))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("level name of 0 bytes: must be 1..255 bytes of UTF-8");
        }

        @Test
        void aNameOver255Bytes() {
            assertThatThrownBy(() -> encode(1, WORKFLOW, new byte[256], PAYLOAD))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("level name of 256 bytes: must be 1..255 bytes of UTF-8");
            assertThatThrownBy(() -> encode(1, "é".repeat(128), "strict", PAYLOAD))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("workflow name of 256 bytes: must be 1..255 bytes of UTF-8");
        }

        /** A caller that survives the exception must find its buffer as it was, not a half frame. */
        @Test
        void aPayloadRangeOutsideItsSourceAndWritesNothing() {
            ByteBuffer out = ByteBuffer.allocate(200);
            out.position(7);

            assertThatThrownBy(() -> EventFrame.encode(out, 1, WORKFLOW, LEVEL, PAYLOAD, 2, PAYLOAD.length))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            ByteBuffer shortSource = ByteBuffer.allocate(10).position(8);
            assertThatThrownBy(() -> EventFrame.encode(out, 1, WORKFLOW, LEVEL, shortSource, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);

            assertThat(out.position()).isEqualTo(7);
            assertThat(out.array()).containsOnly(0);
            assertThat(shortSource.position()).isEqualTo(8);
        }

        @Test
        void aBufferTooSmallAndWritesNothing() {
            int length = EventFrame.encodedLength(WORKFLOW, LEVEL, PAYLOAD.length);
            ByteBuffer buffer = ByteBuffer.allocate(length + 10);
            buffer.position(11);

            assertThatThrownBy(() -> EventFrame.encode(buffer, 1, WORKFLOW, LEVEL, PAYLOAD, 0, PAYLOAD.length))
                    .isInstanceOf(BufferOverflowException.class);
            assertThat(buffer.position()).isEqualTo(11);
            assertThat(buffer.array()).containsOnly(0);
        }
    }

    @Nested
    class CheckRejects {

        private final byte[] valid = encode(77, "door-lock", "strict", PAYLOAD);

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {0, 1})
        void fewerThanTwoBytesAsTruncated(int length) {
            assertThat(check(Arrays.copyOf(valid, length))).isEqualTo(FrameError.TRUNCATED.code());
        }

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {2, 3, 40, 79})
        void aShortFrameWithOurMagicAsTruncatedAndWithoutItAsBadMagic(int length) {
            byte[] shortFrame = Arrays.copyOf(valid, length);
            assertThat(check(shortFrame)).isEqualTo(FrameError.TRUNCATED.code());

            shortFrame[1] ^= 0x01;
            assertThat(check(shortFrame)).isEqualTo(FrameError.BAD_MAGIC.code());
        }

        @Test
        void aFrameCutInsideItsPayloadAsTruncated() {
            assertThat(check(valid, valid.length - 1, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(FrameError.TRUNCATED.code());
        }

        @Test
        void trailingBytesAsOversized() {
            assertThat(check(Arrays.copyOf(valid, valid.length + 1))).isEqualTo(FrameError.OVERSIZED.code());
        }

        @Test
        void aFrameOverTheLimitAsOversizedAndAcceptsOneAtIt() {
            assertThat(check(valid, valid.length, valid.length)).isEqualTo(valid.length);
            assertThat(check(valid, valid.length, valid.length - 1)).isEqualTo(FrameError.OVERSIZED.code());
        }

        @Test
        void anotherVersionAsUnsupported() {
            valid[2] = 2;
            assertThat(check(valid)).isEqualTo(FrameError.UNSUPPORTED_VERSION.code());
        }

        @ParameterizedTest(name = "length byte at {0}")
        @ValueSource(ints = {72, 73})
        void aZeroNameLengthAsBadName(int lengthByte) {
            valid[lengthByte] = 0;
            assertThat(check(valid)).isEqualTo(FrameError.BAD_NAME.code());
        }

        @Test
        void aNameThatIsNotUtf8AsBadName() {
            byte[] frame = encode(1, new byte[] {'a', (byte) 0xC3}, LEVEL, PAYLOAD);   // a 2-byte sequence cut short
            assertThat(check(frame)).isEqualTo(FrameError.BAD_NAME.code());
            frame = encode(1, WORKFLOW, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, PAYLOAD);   // a surrogate
            assertThat(check(frame)).isEqualTo(FrameError.BAD_NAME.code());
        }

        @Test
        void aFrameLengthFieldThatDisagreesWithTheSections() {
            ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putInt(4, valid.length + 1);
            assertThat(check(valid)).isEqualTo(FrameError.TRUNCATED.code());
            ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putInt(4, valid.length - 1);
            assertThat(check(valid)).isEqualTo(FrameError.OVERSIZED.code());
        }

        @Test
        void aPayloadLengthOverTwoGigabytesWithoutOverflowing() {
            ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putInt(76, 0xFFFF_FFF0);
            assertThat(check(valid)).isEqualTo(FrameError.TRUNCATED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(FrameError.class)
    void everyErrorHasItsOwnNegativeCode(FrameError error) {
        assertThat(error.code()).isNegative();
        assertThat(FrameError.ofCode(error.code())).isSameAs(error);
    }

    @Test
    void hopsAreInPathOrderWithKebabLabels() {
        assertThat(Hop.values()).extracting(Hop::label).containsExactly(
                "created", "trigger-out", "broker-in", "broker-out", "invoker-in", "function-start", "function-end");
        for (Hop hop : Hop.values()) {
            assertThat(Hop.of(hop.ordinal())).isSameAs(hop);
        }
    }

    private static void fill(ByteBuffer buffer, byte value) {
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, value);
        }
    }
}
