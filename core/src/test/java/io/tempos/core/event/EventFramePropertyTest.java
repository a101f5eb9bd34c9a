package io.tempos.core.event;

import io.tempos.core.testing.TryTimeout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.tempos.core.event.Frames.check;
import static io.tempos.core.event.Frames.describe;
import static io.tempos.core.event.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receive-side contract of the wire format on generated input: {@link EventFrame#check}
 * never throws, accepts exactly the frames {@code encode} writes and names what is wrong with
 * everything else.
 */
@AddLifecycleHook(TryTimeout.class)
class EventFramePropertyTest {

    /** An event as a producer hands it to {@link EventFrame#encode}. */
    record Event(long id, String workflow, String level, byte[] payload) {
        byte[] encode() {
            return Frames.encode(id, workflow, level, payload);
        }

        @Override
        public String toString() {
            return "Event[id=" + id + ", workflow=" + workflow + ", level=" + level + ", payload=" + payload.length + " bytes]";
        }
    }

    /** Outcomes of {@link #checkNeverThrowsAndReturnsTheWholeLengthOrAnError}, to show the input reached every branch. */
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();

    @Property(tries = 500)
    void checkNeverThrowsAndReturnsTheWholeLengthOrAnError(@ForAll("receivedBytes") byte[] bytes) {
        int result = check(bytes);

        if (result > 0) {
            assertThat(result).isEqualTo(bytes.length);
        } else {
            assertThat(result).isBetween(-FrameError.values().length, -1);
        }
        outcomes.merge(describe(result).startsWith("valid") ? "valid" : describe(result), 1, Integer::sum);
    }

    /** A property over inputs that all end in one branch would prove little. */
    @AfterProperty
    void everyOutcomeOccurred() {
        if (outcomes.isEmpty()) {
            return;   // another property of this class
        }
        List<String> expected = new ArrayList<>(List.of("valid"));
        Arrays.stream(FrameError.values()).map(FrameError::name).forEach(expected::add);
        assertThat(outcomes).as("outcomes of check on the generated input").containsOnlyKeys(expected);
    }

    @Property(tries = 300)
    void checkReadsOnlyTheBytesItIsGiven(@ForAll("receivedBytes") byte[] bytes, @ForAll @Size(max = 64) byte[] garbage) {
        byte[] inLargerBuffer = Arrays.copyOf(bytes, bytes.length + garbage.length);
        System.arraycopy(garbage, 0, inLargerBuffer, bytes.length, garbage.length);

        assertThat(describe(check(inLargerBuffer, bytes.length, EventFrame.MAX_DATAGRAM_BYTES))).isEqualTo(describe(check(bytes)));
    }

    @Property
    void everyEncodedFrameChecksAndReadsBackItsInputs(@ForAll("events") Event event, @ForAll boolean direct,
                                                      @ForAll @IntRange(max = 31) int offset, @ForAll("stamps") long[] stamps,
                                                      @ForAll boolean payloadFromBuffer) {
        byte[] workflow = utf8(event.workflow());
        byte[] level = utf8(event.level());
        int length = EventFrame.encodedLength(workflow, level, event.payload().length);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(offset + length) : ByteBuffer.allocate(offset + length);
        buffer.position(offset);

        if (payloadFromBuffer) {
            EventFrame.encode(buffer, event.id(), workflow, level, ByteBuffer.wrap(event.payload()), event.payload().length);
        } else {
            EventFrame.encode(buffer, event.id(), workflow, level, event.payload(), 0, event.payload().length);
        }

        assertThat(buffer.position()).isEqualTo(offset + length);
        EventFrame frame = new EventFrame().wrap(buffer, offset);
        assertThat(frame.check(length, EventFrame.MAX_DATAGRAM_BYTES)).isEqualTo(length);
        assertThat(frame.frameLength()).isEqualTo(length);
        assertThat(frame.eventId()).isEqualTo(event.id());
        assertThat(frame.workflow()).isEqualTo(event.workflow());
        assertThat(frame.level()).isEqualTo(event.level());
        assertThat(frame.payload()).isEqualTo(event.payload());
        for (Hop hop : Hop.values()) {
            assertThat(frame.timestamp(hop)).isZero();
            frame.stamp(hop, stamps[hop.ordinal()]);
        }
        for (Hop hop : Hop.values()) {
            assertThat(frame.timestamp(hop)).isEqualTo(stamps[hop.ordinal()]);
        }
        assertThat(frame.check(length, EventFrame.MAX_DATAGRAM_BYTES)).as("stamped frame").isEqualTo(length);
        assertThat(frame.payload()).isEqualTo(event.payload());
    }

    /** Every cut of a frame, from one byte to all of them: fewer than the header or than it announces. */
    @Property(tries = 200)
    void everyTruncationIsTruncated(@ForAll("events") Event event, @ForAll @IntRange(min = 1, max = 5000) int cut) {
        byte[] bytes = event.encode();
        for (int length = 0; length < bytes.length; length++) {
            assertThat(describe(check(bytes, length, EventFrame.MAX_DATAGRAM_BYTES))).as("first %d of %d bytes", length, bytes.length)
                    .isEqualTo(FrameError.TRUNCATED.name());
        }
        // The same on an array that ends at the cut: a check that read past it would throw.
        byte[] prefix = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
        assertThat(describe(check(prefix))).isEqualTo(FrameError.TRUNCATED.name());
    }

    @Property(tries = 300)
    void appendedBytesAreOversized(@ForAll("events") Event event, @ForAll @Size(min = 1, max = 2000) byte[] extra) {
        byte[] bytes = event.encode();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, longer, bytes.length, extra.length);

        // A limit far above the length: the disagreement with the header, not the limit, rejects it.
        assertThat(describe(check(longer, longer.length, Integer.MAX_VALUE))).isEqualTo(FrameError.OVERSIZED.name());
    }

    @Property(tries = 300)
    void aFrameOverTheLimitIsOversized(@ForAll("events") Event event, @ForAll @IntRange(min = 0) int below) {
        byte[] bytes = event.encode();
        int limit = below % bytes.length;

        assertThat(describe(check(bytes, bytes.length, limit))).isEqualTo(FrameError.OVERSIZED.name());
    }

    @Property(tries = 300)
    void anyChangeToTheMagicIsBadMagic(@ForAll("events") Event event, @ForAll @IntRange(max = 1) int index,
                                       @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] bytes = event.encode();
        bytes[index] ^= (byte) flip;

        assertThat(describe(check(bytes))).isEqualTo(FrameError.BAD_MAGIC.name());
    }

    @Property(tries = 300)
    void anyOtherVersionIsUnsupported(@ForAll("events") Event event, @ForAll byte version) {
        net.jqwik.api.Assume.that(version != EventFrame.VERSION);
        byte[] bytes = event.encode();
        bytes[2] = version;

        assertThat(describe(check(bytes))).isEqualTo(FrameError.UNSUPPORTED_VERSION.name());
    }

    @Property(tries = 300)
    void aZeroNameLengthIsBadName(@ForAll("events") Event event, @ForAll boolean workflowName) {
        byte[] bytes = event.encode();
        bytes[workflowName ? 72 : 73] = 0;

        assertThat(describe(check(bytes))).isEqualTo(FrameError.BAD_NAME.name());
    }

    @Property(tries = 500)
    void aNameThatIsNotUtf8IsBadName(@ForAll("events") Event event, @ForAll("notUtf8") byte[] invalid,
                                     @ForAll @IntRange(min = 0, max = 255) int at, @ForAll boolean inWorkflowName) {
        byte[] name = utf8(inWorkflowName ? event.workflow() : event.level());
        int prefix = Math.min(at % (name.length + 1), 255 - invalid.length);
        byte[] broken = new byte[Math.min(255, name.length + invalid.length)];
        System.arraycopy(name, 0, broken, 0, prefix);
        System.arraycopy(invalid, 0, broken, prefix, invalid.length);
        System.arraycopy(name, prefix, broken, prefix + invalid.length, broken.length - prefix - invalid.length);
        // Inserted next to a character cut by the 255-byte limit, the bytes can complete it.
        net.jqwik.api.Assume.that(!isUtf8(broken));
        byte[] bytes = inWorkflowName
                ? Frames.encode(event.id(), broken, utf8(event.level()), event.payload())
                : Frames.encode(event.id(), utf8(event.workflow()), broken, event.payload());

        assertThat(describe(check(bytes))).isEqualTo(FrameError.BAD_NAME.name());
    }

    /** The two length fields must agree with each other and with what arrived. */
    @Property(tries = 300)
    void aCorruptedLengthFieldIsNeverAccepted(@ForAll("events") Event event, @ForAll int value, @ForAll boolean frameLengthField) {
        byte[] bytes = event.encode();
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = frameLengthField ? 4 : 76;
        net.jqwik.api.Assume.that(le.getInt(at) != value);
        le.putInt(at, value);

        assertThat(describe(check(bytes))).isIn(FrameError.TRUNCATED.name(), FrameError.OVERSIZED.name());
    }

    @Provide
    Arbitrary<Event> events() {
        return Combinators.combine(Arbitraries.longs(), names(), names(), Arbitraries.bytes().array(byte[].class).ofMaxSize(4000))
                .as(Event::new);
    }

    @Provide
    Arbitrary<long[]> stamps() {
        return Arbitraries.longs().array(long[].class).ofSize(Hop.count());
    }

    /** Byte sequences that no UTF-8 decoder may accept, whatever surrounds them. */
    @Provide
    Arbitrary<byte[]> notUtf8() {
        return Arbitraries.of(List.of(
                new byte[] {(byte) 0xFF},                                                    // never in UTF-8
                new byte[] {(byte) 0xFE},
                new byte[] {(byte) 0x80},                                                    // a lone continuation byte
                new byte[] {(byte) 0xC0, (byte) 0xAF},                                       // overlong '/'
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},                          // overlong, 3 bytes
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                          // a UTF-16 surrogate
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},             // above U+10FFFF
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // 5-byte form
                new byte[] {(byte) 0xE2, (byte) 0x82, 'x'}));                                // a sequence cut short
    }

    /**
     * What a receiver may be handed: noise, noise that starts like a frame, and frames cut,
     * extended or with one byte changed, weighted so that every outcome of {@code check} occurs.
     */
    @Provide
    Arbitrary<byte[]> receivedBytes() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(70_000);
        Arbitrary<byte[]> headerLongNoise = Arbitraries.bytes().array(byte[].class).ofMinSize(EventFrame.HEADER_BYTES).ofMaxSize(70_000);
        Arbitrary<Integer> anyIndex = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<byte[]> frames = events().map(Event::encode);
        return Arbitraries.frequencyOf(
                Tuple.of(2, noise),
                Tuple.of(2, Combinators.combine(frames, headerLongNoise).as((frame, bytes) -> startLike(frame, bytes, 2))),
                Tuple.of(2, Combinators.combine(frames, headerLongNoise).as((frame, bytes) -> startLike(frame, bytes, 3))),
                Tuple.of(3, Combinators.combine(frames, anyIndex).as((frame, cut) -> Arrays.copyOf(frame, cut % frame.length))),
                Tuple.of(3, Combinators.combine(frames, noise).as(EventFramePropertyTest::append)),
                Tuple.of(3, Combinators.combine(frames, anyIndex, Arbitraries.bytes()).as((frame, at, value) ->
                        overwrite(frame, at % frame.length, value))),
                Tuple.of(6, Combinators.combine(frames, Arbitraries.of(CHECKED_HEADER_BYTES), Arbitraries.bytes())
                        .as(EventFramePropertyTest::overwrite)),
                Tuple.of(3, Combinators.combine(frames, anyIndex, Arbitraries.bytes()).as((frame, at, value) ->
                        overwrite(frame, EventFrame.HEADER_BYTES + at % ((frame[72] & 0xFF) + (frame[73] & 0xFF)), value))),
                Tuple.of(1, frames));
    }

    /** The header bytes that {@code check} reads: magic, version, frame length, name lengths, payload length. */
    private static final List<Integer> CHECKED_HEADER_BYTES = List.of(0, 1, 2, 4, 5, 6, 7, 72, 73, 76, 77, 78, 79);

    private static byte[] startLike(byte[] frame, byte[] noise, int headerBytes) {
        byte[] bytes = noise.clone();
        System.arraycopy(frame, 0, bytes, 0, Math.min(bytes.length, headerBytes));
        return bytes;
    }

    private static byte[] append(byte[] frame, byte[] noise) {
        byte[] longer = Arrays.copyOf(frame, frame.length + Math.max(1, noise.length));
        System.arraycopy(noise, 0, longer, frame.length, noise.length);
        return longer;
    }

    private static byte[] overwrite(byte[] frame, int at, byte value) {
        byte[] bytes = frame.clone();
        bytes[at] = value;
        return bytes;
    }

    /** Names of 1..255 bytes of UTF-8 mixing 1-, 2-, 3- and 4-byte characters. */
    static Arbitrary<String> names() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF).filter(c -> !Character.isSurrogate((char) c.intValue()))),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoint.list().ofMinSize(1).ofMaxSize(255).map(EventFramePropertyTest::within255Bytes);
    }

    private static String within255Bytes(List<Integer> codePoints) {
        StringBuilder name = new StringBuilder();
        int bytes = 0;
        for (int codePoint : codePoints) {
            int size = utf8(Character.toString(codePoint)).length;
            if (bytes + size > 255) {
                break;
            }
            name.appendCodePoint(codePoint);
            bytes += size;
        }
        return name.toString();
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
