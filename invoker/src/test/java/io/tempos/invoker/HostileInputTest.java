package io.tempos.invoker;

import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.invoker.testfunctions.HostileFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static io.tempos.invoker.InvokerFixture.BEST_EFFORT;
import static io.tempos.invoker.InvokerFixture.STRICT;
import static io.tempos.invoker.InvokerFixture.dlfWorkflow;
import static io.tempos.invoker.InvokerFixture.jvmWorkflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind reaches a running invoker over UDP: each is counted with its reason,
 * and a valid event still completes after it.
 */
@Timeout(60)
class HostileInputTest {

    private static final String UNATTRIBUTED = ComponentStats.UNATTRIBUTED;
    /** Offset of the u32 payload length in the frame header (docs/wire-format.md). */
    private static final int PAYLOAD_LENGTH_OFFSET = 76;

    @TempDir
    Path dir;
    private InvokerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        Path jar = TestJars.of(dir, "hostile.jar", HostileFunction.class);
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm")
                + jvmWorkflow("hostile", BEST_EFFORT, jar, HostileFunction.class.getName(), 10_000)
                + jvmWorkflow("slow", BEST_EFFORT, jar, HostileFunction.class.getName(), 1), dir);
    }

    @AfterEach
    void stillServingAndEverythingAccounted() {
        try {
            fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
            fixture.sendAndAwaitCompleted("hostile", BEST_EFFORT, "echo".getBytes(StandardCharsets.UTF_8));
            fixture.awaitAllAccounted();
        } finally {
            fixture.close();
        }
    }

    @Test
    void randomGarbageDatagramsAreCountedAsMalformed() {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[random.nextInt(2_000)];
            random.nextBytes(garbage);
            fixture.sender.sendRaw(fixture.port(i % 2 == 0 ? STRICT : BEST_EFFORT), garbage);
        }
        fixture.awaitDropped(UNATTRIBUTED, DropReason.MALFORMED, 0, 50);
    }

    @Test
    void anEmptyDatagramIsMalformed() {
        fixture.sender.sendRaw(fixture.port(STRICT), new byte[0]);
        fixture.awaitDropped(UNATTRIBUTED, DropReason.MALFORMED, 0, 1);
    }

    @Test
    void aTruncatedFrameIsMalformed() {
        byte[] frame = EventSender.frame(1, "count", STRICT, Artifacts.event1k5());
        fixture.sender.sendRaw(fixture.port(STRICT), Arrays.copyOf(frame, frame.length / 2));
        fixture.sender.sendRaw(fixture.port(STRICT), Arrays.copyOf(frame, EventFrame.HEADER_BYTES - 1));
        fixture.awaitDropped(UNATTRIBUTED, DropReason.MALFORMED, 0, 2);
        assertThat(fixture.snapshot("count").received()).isZero();
    }

    @Test
    void aFrameWithBadMagicIsMalformed() {
        byte[] frame = EventSender.frame(1, "count", STRICT, Artifacts.event1k5());
        frame[0] = 'X';
        frame[1] = 'X';
        fixture.sender.sendRaw(fixture.port(STRICT), frame);
        fixture.awaitDropped(UNATTRIBUTED, DropReason.MALFORMED, 0, 1);
    }

    @Test
    void aHeaderClaimingAHugePayloadIsMalformed() {
        byte[] frame = EventSender.frame(1, "count", STRICT, Artifacts.event1k5());
        ByteBuffer header = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(PAYLOAD_LENGTH_OFFSET, Integer.MAX_VALUE);
        header.putInt(4, Integer.MAX_VALUE); // the frame length field follows the lie
        fixture.sender.sendRaw(fixture.port(STRICT), frame);
        fixture.awaitDropped(UNATTRIBUTED, DropReason.MALFORMED, 0, 1);
    }

    @Test
    void aFrameCarryingMoreThanItsHeaderSaysIsOversized() {
        byte[] frame = EventSender.frame(1, "count", STRICT, Artifacts.event1k5());
        fixture.sender.sendRaw(fixture.port(STRICT), Arrays.copyOf(frame, frame.length + 100));
        fixture.awaitDropped(UNATTRIBUTED, DropReason.OVERSIZED, 0, 1);
    }

    @Test
    void anUnknownWorkflowIsCountedUnattributed() {
        fixture.sender.send(fixture.port(STRICT), "nobody-serves-this", STRICT, Artifacts.event1k5());
        fixture.awaitDropped(UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 0, 1);
        assertThat(fixture.invoker.stats().workflow("nobody-serves-this")).isEmpty();
    }

    @Test
    void anEventOnAnotherLevelsPortIsWrongLevel() {
        // A strict workflow's event arriving on the best-effort socket.
        fixture.sender.send(fixture.port(BEST_EFFORT), "count", STRICT, Artifacts.event1k5());
        // A strict workflow's event claiming best-effort, on the strict socket.
        fixture.sender.send(fixture.port(STRICT), "count", BEST_EFFORT, Artifacts.event1k5());
        fixture.awaitDropped("count", DropReason.WRONG_LEVEL, 0, 2);
        assertThat(fixture.completed("count")).isZero();
    }

    @Test
    void malformedJsonMakesTheCFunctionFail() {
        fixture.sender.send(fixture.port(STRICT), "count", STRICT, "{\"message\":\"abc\"".getBytes(StandardCharsets.UTF_8));
        fixture.sender.send(fixture.port(STRICT), "count", STRICT, new byte[0]);
        fixture.awaitDropped("count", DropReason.FUNCTION_FAILED, 0, 2);
    }

    @Test
    void aJvmFunctionThatThrowsFailsOnlyItsEvents() {
        for (String command : new String[] {"throw", "overflow", "null", "huge"}) {
            fixture.sender.send(fixture.port(BEST_EFFORT), "hostile", BEST_EFFORT, command.getBytes(StandardCharsets.UTF_8));
        }
        fixture.awaitDropped("hostile", DropReason.FUNCTION_FAILED, 0, 4);
    }

    @Test
    void aFunctionRunningPastItsTimeoutIsCountedAsTimedOut() {
        fixture.sender.send(fixture.port(BEST_EFFORT), "slow", BEST_EFFORT, "sleep".getBytes(StandardCharsets.UTF_8));
        fixture.awaitDropped("slow", DropReason.TIMEOUT, 0, 1);
        assertThat(fixture.completed("slow")).isZero();
    }
}
