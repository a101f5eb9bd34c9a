package io.tempos.trigger;

import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static io.tempos.trigger.TriggerFixture.POLL;
import static io.tempos.trigger.TriggerFixture.WAIT;
import static io.tempos.trigger.TriggerFixture.assertFreshFrame;
import static io.tempos.trigger.TriggerFixture.checked;
import static io.tempos.trigger.TriggerFixture.datagram;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trigger's UDP endpoints over real sockets: {@code <workflow>\n<payload>} datagrams in,
 * stamped frames out to the broker's port of the level; bad datagrams counted, each with its
 * reason, and the trigger still forwarding afterwards.
 */
class UdpIngressTest {

    @TempDir
    Path dir;
    @AutoClose
    private TriggerFixture fixture;
    private int maxPayload;

    @BeforeEach
    void start() throws Exception {
        fixture = TriggerFixture.start(dir, LOCK_AND_BULK);
        maxPayload = fixture.spec.maxPayloadBytes();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lock, strict", "bulk, best-effort"})
    void datagramBecomesStampedFrameAtTheBrokerPortOfItsLevel(String workflow, String level) throws Exception {
        byte[] payload = "{\"door\":\"12\",\"action\":\"open\"}".getBytes(StandardCharsets.UTF_8);
        long before = System.nanoTime();
        fixture.sendUdp(level, datagram(workflow, payload));

        EventFrame frame = checked(fixture.awaitFrame(level));
        assertFreshFrame(frame, workflow, level, payload, before, System.nanoTime());
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            WorkflowSnapshot counts = fixture.workflow(workflow);
            assertThat(counts.received()).isEqualTo(1);
            assertThat(counts.forwarded()).isEqualTo(1);
            assertThat(counts.dropped()).isEmpty();
        });
    }

    /** Only the first newline ends the name: the payload is opaque bytes, newlines and all. */
    @Test
    void payloadIsCarriedByteForByte() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        fixture.sendUdp(STRICT, datagram("lock", payload));
        assertThat(checked(fixture.awaitFrame(STRICT)).payload()).isEqualTo(payload);
    }

    @Test
    void emptyPayloadIsAnEvent() throws Exception {
        fixture.sendUdp(STRICT, datagram("lock", new byte[0]));
        assertThat(checked(fixture.awaitFrame(STRICT)).payloadLength()).isZero();
    }

    @Test
    void payloadOfExactlyMaxPayloadBytesIsForwarded() throws Exception {
        byte[] payload = new byte[maxPayload];
        new Random(3).nextBytes(payload);
        fixture.sendUdp(BEST_EFFORT, datagram("bulk", payload));
        assertThat(checked(fixture.awaitFrame(BEST_EFFORT)).payload()).isEqualTo(payload);
    }

    @Test
    void payloadOverMaxPayloadBytesIsCountedOversized() throws Exception {
        fixture.sendUdp(BEST_EFFORT, datagram("bulk", new byte[maxPayload + 1]));
        fixture.awaitDropped("bulk", DropReason.OVERSIZED, 1);
        assertThat(fixture.workflow("bulk").forwarded()).isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void datagramWithoutNewlineIsCountedMalformed() throws Exception {
        fixture.sendUdp(STRICT, "lock".getBytes(StandardCharsets.UTF_8));
        fixture.sendUdp(STRICT, new byte[0]);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, 2);
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void emptyNameIsCountedMalformed() throws Exception {
        fixture.sendUdp(STRICT, "\n{\"door\":1}".getBytes(StandardCharsets.UTF_8));
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, 1);
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void nameLongerThanAnyWorkflowNameIsCountedMalformed() throws Exception {
        fixture.sendUdp(STRICT, datagram("x".repeat(300), new byte[]{1}));
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, 1);
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void unknownWorkflowIsCountedUnattributed() throws Exception {
        fixture.sendUdp(STRICT, datagram("ghost", new byte[]{1}));
        fixture.sendUdp(BEST_EFFORT, datagram("ghost", new byte[]{1}));
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 2);
        assertThat(fixture.trigger.stats().workflow("ghost")).as("no statistics for a name off the wire").isEmpty();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void eventOnAnotherLevelsEndpointIsCountedWrongLevel() throws Exception {
        fixture.sendUdp(BEST_EFFORT, datagram("lock", new byte[]{1}));
        fixture.sendUdp(STRICT, datagram("bulk", new byte[]{1}));
        fixture.awaitDropped("lock", DropReason.WRONG_LEVEL, 1);
        fixture.awaitDropped("bulk", DropReason.WRONG_LEVEL, 1);
        assertThat(fixture.broker.receive(STRICT, Duration.ZERO)).as("nothing forwarded").isNull();
        assertThat(fixture.broker.receive(BEST_EFFORT, Duration.ZERO)).as("nothing forwarded").isNull();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void garbageIsCountedMalformed() throws Exception {
        Random random = new Random(11);
        int datagrams = 500;
        for (int i = 0; i < datagrams; i++) {
            byte[] garbage = new byte[1 + random.nextInt(1_400)];
            random.nextBytes(garbage);
            for (int j = 0; j < garbage.length; j++) {
                if (garbage[j] == '\n') {
                    garbage[j] = 0; // no name separator anywhere: garbage, never a name
                }
            }
            fixture.sendUdp(i % 2 == 0 ? STRICT : BEST_EFFORT, garbage);
        }
        fixture.awaitMalformedOrKernelDropped(datagrams);
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void largestDatagramIsCountedNotForwarded() throws Exception {
        byte[] noName = new byte[EventFrame.MAX_DATAGRAM_BYTES];
        Arrays.fill(noName, (byte) 'x');
        fixture.sendUdp(STRICT, noName);
        fixture.sendUdp(STRICT, datagram("lock", new byte[EventFrame.MAX_DATAGRAM_BYTES - "lock\n".length()]));

        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED, 1);
        fixture.awaitDropped("lock", DropReason.OVERSIZED, 1);
        fixture.assertStillForwardsOnBothLevels();
    }

    /** Ten thousand garbage datagrams: each counted malformed, or dropped (and counted) by the kernel. */
    @Test
    void floodOfGarbageIsCountedAndSurvived() throws Exception {
        int datagrams = 10_000;
        byte[] garbage = new byte[300];
        Arrays.fill(garbage, (byte) 0x7f);
        for (int i = 0; i < datagrams; i++) {
            fixture.sendUdp(BEST_EFFORT, garbage);
        }
        fixture.awaitMalformedOrKernelDropped(datagrams);
        fixture.assertStillForwardsOnBothLevels();
    }
}
