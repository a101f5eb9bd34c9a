package io.tempos.trigger;

import io.tempos.core.testing.ThreadAllocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static io.tempos.trigger.TriggerFixture.POLL;
import static io.tempos.trigger.TriggerFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Once warm, the trigger's UDP ingress thread allocates nothing per event: it looks the
 * workflow up by the datagram's name bytes, frames the event and sends it to the broker without
 * a String, array or buffer per datagram (measured with the JVM's per-thread allocation counter
 * over 50,000 datagrams through real sockets).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UdpIngressAllocationTest {

    private static final int WARM_UP_EVENTS = 20_000;
    private static final int MEASURED_EVENTS = 50_000;
    private static final int BURST = 500;

    @TempDir
    Path dir;

    @Test
    void theStrictIngressThreadAllocatesLessThanOneBytePerEventOnceWarm() throws Exception {
        try (TriggerFixture f = TriggerFixture.start(dir, workflow("door-lock-with-a-longer-name", STRICT))) {
            byte[] datagram = TriggerFixture.datagram("door-lock-with-a-longer-name",
                    "{\"door\":\"12\",\"action\":\"open\"}".getBytes(StandardCharsets.UTF_8));
            String thread = "gate-" + STRICT + "-udp";

            pass(f, datagram, WARM_UP_EVENTS);
            long forwardedBefore = f.workflow("door-lock-with-a-longer-name").forwarded();
            long before = ThreadAllocations.allocatedBy(thread);
            pass(f, datagram, MEASURED_EVENTS);
            long after = ThreadAllocations.allocatedBy(thread);
            long forwarded = f.workflow("door-lock-with-a-longer-name").forwarded() - forwardedBefore;

            assertThat(forwarded).as("events forwarded while measured").isGreaterThan(MEASURED_EVENTS * 9L / 10);
            assertThat((after - before) / (double) forwarded)
                    .as("bytes allocated per event by %s (%d in all)", thread, after - before).isLessThan(1.0);
        }
    }

    /** Sends {@code events} datagrams in bursts the socket holds, each burst awaited at the broker's side of the trigger. */
    private static void pass(TriggerFixture f, byte[] datagram, int events) throws Exception {
        for (int sent = 0; sent < events; ) {
            long handledBefore = handled(f);
            int burst = Math.min(BURST, events - sent);
            for (int i = 0; i < burst; i++) {
                f.sendUdp(STRICT, datagram);
            }
            sent += burst;
            await().atMost(WAIT).pollInterval(POLL).until(() -> handled(f) - handledBefore >= burst
                    || f.socketDrops(STRICT) > 0);
        }
    }

    private static long handled(TriggerFixture f) {
        var counts = f.workflow("door-lock-with-a-longer-name");
        return counts.forwarded() + counts.droppedTotal();
    }
}
