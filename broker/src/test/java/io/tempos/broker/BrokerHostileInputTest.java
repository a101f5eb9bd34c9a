package io.tempos.broker;

import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static io.tempos.broker.BrokerFixture.POLL;
import static io.tempos.broker.BrokerFixture.WAIT;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input at a real broker's ingress: each kind is counted with its reason (under
 * {@code (unattributed)} when the frame names no workflow that can be trusted), and the broker
 * still forwards a valid event afterwards, on both levels.
 */
class BrokerHostileInputTest {

    private static final byte[] NOT_MAGIC = {0x00, 0x00};

    @TempDir
    Path dir;
    @AutoClose
    private BrokerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = BrokerFixture.start(dir, LOCK_AND_BULK);
    }

    @Test
    void randomGarbageIsCountedMalformed() throws Exception {
        Random random = new Random(20240601);
        int datagrams = 1_000;
        for (int i = 0; i < datagrams; i++) {
            byte[] garbage = new byte[random.nextInt(1_500)];
            random.nextBytes(garbage);
            if (garbage.length > 0) {
                garbage[0] = 0x00; // never the first byte of the magic: garbage, not an unlucky frame
            }
            fixture.send(i % 2 == 0 ? STRICT : BEST_EFFORT, garbage);
        }
        fixture.awaitMalformedOrKernelDropped(datagrams);
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void emptyAndOneByteDatagramsAreCountedMalformed() throws Exception {
        fixture.send(STRICT, new byte[0]);
        fixture.send(BEST_EFFORT, new byte[0]);
        fixture.send(STRICT, new byte[]{0x54});
        assertCountedMalformedAndStillForwards(3);
    }

    @Test
    void truncatedFramesAreCountedMalformed() throws Exception {
        byte[] frame = Frames.frame(1, "lock", STRICT);
        fixture.send(STRICT, Arrays.copyOf(frame, frame.length - 1));         // payload cut short
        fixture.send(STRICT, Arrays.copyOf(frame, EventFrame.HEADER_BYTES - 1)); // header cut short
        fixture.send(STRICT, Arrays.copyOf(frame, EventFrame.HEADER_BYTES + 2)); // names cut short
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, 3);
        assertThat(fixture.workflow("lock").received()).as("nothing of a truncated frame is trusted").isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void badMagicIsCountedMalformed() throws Exception {
        byte[] frame = Frames.frame(1, "lock", STRICT);
        System.arraycopy(NOT_MAGIC, 0, frame, 0, 2);
        fixture.send(STRICT, frame);
        assertCountedMalformedAndStillForwards(1);
    }

    @Test
    void unsupportedVersionIsCountedMalformed() throws Exception {
        byte[] frame = Frames.frame(1, "bulk", BEST_EFFORT);
        frame[2] = 2;
        fixture.send(BEST_EFFORT, frame);
        assertCountedMalformedAndStillForwards(1);
    }

    /**
     * A frame whose header announces more bytes than arrived is truncated (malformed); one that
     * announces fewer carries bytes the header does not account for: oversized, per the wire
     * format ("more than the header announces").
     */
    @Test
    void declaredLengthThatDisagreesIsCounted() throws Exception {
        byte[] longer = Frames.frame(1, "lock", STRICT);
        Frames.putInt(longer, 4, longer.length + 1);
        byte[] shorter = Frames.frame(2, "lock", STRICT);
        Frames.putInt(shorter, 4, shorter.length - 1);
        byte[] payloadLonger = Frames.frame(3, "lock", STRICT);
        Frames.putInt(payloadLonger, 76, Integer.MAX_VALUE);
        fixture.send(STRICT, longer);
        fixture.send(STRICT, shorter);
        fixture.send(STRICT, payloadLonger);

        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, 2);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.OVERSIZED, 1);
        assertThat(fixture.workflow("lock").received()).isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void badNamesAreCountedMalformed() throws Exception {
        byte[] emptyName = Frames.frame(1, "lock", STRICT);
        emptyName[72] = 0;
        byte[] notUtf8 = Frames.frame(2, "lock", STRICT);
        notUtf8[EventFrame.HEADER_BYTES] = (byte) 0xC3; // a lead byte followed by ASCII
        fixture.send(STRICT, emptyName);
        fixture.send(STRICT, notUtf8);
        assertCountedMalformedAndStillForwards(2);
    }

    @Test
    void unknownWorkflowIsCounted() throws Exception {
        fixture.sendEvent("ghost", STRICT);
        fixture.sendEvent("ghost", BEST_EFFORT);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 2);
        fixture.assertStillForwardsOnBothLevels();
    }

    /**
     * Frames naming ever new workflows must not grow the broker's statistics without bound:
     * per workflow the counters keep latency histograms of megabytes, so a sender of random names
     * could otherwise exhaust the heap. They are counted under {@code (unattributed)}, as the
     * trigger and the invoker count them.
     */
    @Test
    void unknownWorkflowNamesDoNotGrowStatistics() throws Exception {
        int names = 300;
        for (int i = 0; i < names; i++) {
            fixture.sendEvent("ghost-" + i, i % 2 == 0 ? STRICT : BEST_EFFORT);
        }
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, names);
        assertThat(fixture.broker.stats().workflows()).as("workflows in the broker's statistics").hasSizeLessThanOrEqualTo(3);
        fixture.assertStillForwardsOnBothLevels();
    }

    /** A workflow's events must arrive on its level's port, with its level in the frame. */
    @Test
    void eventOnAnotherLevelsPortIsCountedWrongLevel() throws Exception {
        fixture.send(BEST_EFFORT, Frames.frame(1, "lock", STRICT));        // strict frame, best-effort port
        fixture.send(BEST_EFFORT, Frames.frame(2, "lock", BEST_EFFORT));   // claims best-effort, strict workflow
        fixture.send(STRICT, Frames.frame(3, "lock", BEST_EFFORT));        // right port, frame claims another level
        fixture.send(STRICT, Frames.frame(4, "bulk", STRICT));             // best-effort workflow on the strict port

        fixture.awaitDropped("lock", DropReason.WRONG_LEVEL, 3);
        fixture.awaitDropped("bulk", DropReason.WRONG_LEVEL, 1);
        assertThat(fixture.workflow("lock").forwarded()).isZero();
        assertThat(fixture.workflow("bulk").forwarded()).isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void largestDatagramThatIsNotAFrameIsCountedMalformed() throws Exception {
        byte[] big = new byte[EventFrame.MAX_DATAGRAM_BYTES];
        Arrays.fill(big, (byte) 'x');
        fixture.send(STRICT, big);
        fixture.send(BEST_EFFORT, big);
        assertCountedMalformedAndStillForwards(2);
    }

    /**
     * Ten thousand garbage datagrams from a source the broker never heard of. Each is either
     * counted malformed by the broker or dropped by the kernel when the socket's buffer
     * overflowed (also counted, in the snapshot's socket drops): none disappears.
     */
    @Test
    void floodOfGarbageFromUnknownSourceIsCountedAndSurvived() throws Exception {
        Random random = new Random(7);
        int datagrams = 10_000;
        try (DatagramChannel stranger = DatagramChannel.open()) {
            InetSocketAddress target = fixture.address(BEST_EFFORT);
            byte[] garbage = new byte[512];
            for (int i = 0; i < datagrams; i++) {
                random.nextBytes(garbage);
                garbage[0] = 0x00;
                stranger.send(ByteBuffer.wrap(garbage, 0, 1 + random.nextInt(garbage.length)), target);
            }
        }
        fixture.awaitMalformedOrKernelDropped(datagrams);
        fixture.assertStillForwardsOnBothLevels();
    }

    /** Everything at once, interleaved with valid events, all accounted for. */
    @Test
    void mixedHostileInputInterleavedWithValidEventsIsAllAccountedFor() throws Exception {
        int rounds = 50;
        byte[] badMagic = Frames.frame(1, "lock", STRICT);
        System.arraycopy(NOT_MAGIC, 0, badMagic, 0, 2);
        for (int i = 0; i < rounds; i++) {
            fixture.send(STRICT, badMagic);
            fixture.sendEvent("ghost", STRICT);
            fixture.send(BEST_EFFORT, Frames.frame(2, "lock", STRICT));
            long id = fixture.sendEvent("lock", STRICT);
            fixture.awaitEvent(STRICT, id);
        }
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(fixture.unattributed(DropReason.MALFORMED)).isEqualTo(rounds);
            assertThat(fixture.unattributed(DropReason.UNKNOWN_WORKFLOW)).isEqualTo(rounds);
            assertThat(fixture.dropped("lock", DropReason.WRONG_LEVEL)).isEqualTo(rounds);
            assertThat(fixture.workflow("lock").received()).isEqualTo(2L * rounds);
            assertThat(fixture.workflow("lock").forwarded()).isEqualTo(rounds);
        });
    }

    /** The broker counts {@code datagrams} malformed under {@code (unattributed)}, then still forwards valid events on both levels. */
    private void assertCountedMalformedAndStillForwards(int datagrams) throws Exception {
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, datagrams);
        fixture.assertStillForwardsOnBothLevels();
    }
}
