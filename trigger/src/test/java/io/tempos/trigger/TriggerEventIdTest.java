package io.tempos.trigger;

import io.tempos.core.event.EventFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.tempos.trigger.TriggerFixture.checked;
import static io.tempos.trigger.TriggerFixture.datagram;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event ids are unique per trigger (docs/wire-format.md: "random high bits, counter below"),
 * whichever of its endpoints an event came through: all endpoints draw from the trigger's one
 * sequence. Were each endpoint to draw its own random high bits with a counter from zero, two
 * endpoints would hand out the same ids whenever their random bits met.
 */
class TriggerEventIdTest {

    /** The counter's share of the id; the bits above it are the trigger's random part. */
    private static final int COUNTER_BITS = 48;

    @TempDir
    Path dir;

    @Test
    void idsAreUniqueAcrossAllEndpointsOfOneTrigger() throws Exception {
        int perEndpoint = 25;
        List<Long> ids = new ArrayList<>();
        try (TriggerFixture fixture = TriggerFixture.start(dir, LOCK_AND_BULK)) {
            for (int i = 0; i < perEndpoint; i++) {
                fixture.sendUdp(STRICT, datagram("lock", bytes("u" + i)));
                fixture.sendUdp(BEST_EFFORT, datagram("bulk", bytes("u" + i)));
                HttpResponse<String> strict = fixture.post(STRICT, "/workflows/lock", bytes("h" + i));
                HttpResponse<String> bestEffort = fixture.post(BEST_EFFORT, "/workflows/bulk", bytes("h" + i));
                assertThat(strict.statusCode()).isEqualTo(202);
                assertThat(bestEffort.statusCode()).isEqualTo(202);
            }
            for (String level : List.of(STRICT, BEST_EFFORT)) {
                for (int i = 0; i < 2 * perEndpoint; i++) {
                    EventFrame frame = checked(fixture.awaitFrame(level));
                    ids.add(frame.eventId());
                }
            }
        }
        assertThat(ids).allSatisfy(id -> assertThat(id).isNotNegative());
        assertThat(new HashSet<>(ids)).as("distinct ids").hasSize(ids.size());
        Set<Long> randomParts = new HashSet<>();
        ids.forEach(id -> randomParts.add(id >>> COUNTER_BITS));
        assertThat(randomParts).as("one random part per trigger, shared by all its endpoints").hasSize(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
