package io.tempos.core.testing;

import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fixture around a component that forwards events and counts every one it drops, per
 * workflow and reason (the broker's, the trigger's): the counts tests read and the checks
 * hostile-input tests end with, written once over {@link #stats()}.
 */
public interface ForwardingFixture {

    /** How long a count may take to reach what a test expects. */
    Duration COUNT_WAIT = Duration.ofSeconds(10);
    /** How often a count is read meanwhile. */
    Duration COUNT_POLL = Duration.ofMillis(5);

    /** The component's counters now. */
    ComponentSnapshot stats();

    /** Datagrams the kernel dropped on the component's socket of {@code level} (receive buffer full). */
    long socketDrops(String level);

    /** Fails unless the component still forwards a fresh, valid event of {@code workflow} on {@code level}. */
    void assertStillForwards(String workflow, String level) throws Exception;

    /** The component's counts for {@code name}, zeros when it has none. */
    default WorkflowSnapshot workflow(String name) {
        return stats().workflow(name).orElse(new WorkflowSnapshot(name, 0, 0, 0, Map.of(), Map.of()));
    }

    default long dropped(String workflow, DropReason reason) {
        return workflow(workflow).dropped().getOrDefault(reason.label(), 0L);
    }

    /** Drops counted under no workflow: the event named none that could be trusted. */
    default long unattributed(DropReason reason) {
        return dropped(ComponentStats.UNATTRIBUTED, reason);
    }

    default void awaitDropped(String workflow, DropReason reason, long expected) {
        await().atMost(COUNT_WAIT).pollInterval(COUNT_POLL).untilAsserted(() ->
                assertThat(dropped(workflow, reason)).as("%s %s; stats %s", workflow, reason.label(), stats()).isEqualTo(expected));
    }

    /**
     * Waits until each of {@code datagrams} sent to both levels is accounted for: counted
     * malformed (unattributed), or dropped by the kernel before the component could read it.
     */
    default void awaitMalformedOrKernelDropped(long datagrams) {
        await().atMost(COUNT_WAIT).pollInterval(COUNT_POLL).untilAsserted(() -> {
            long malformed = unattributed(DropReason.MALFORMED);
            long kernel = socketDrops(Workflows.STRICT) + socketDrops(Workflows.BEST_EFFORT);
            assertThat(malformed + kernel).as("malformed %d + dropped by the kernel %d", malformed, kernel).isEqualTo(datagrams);
        });
    }

    /** The workflows of {@link Workflows#LOCK_AND_BULK} are both still forwarded, each on its level. */
    default void assertStillForwardsOnBothLevels() throws Exception {
        assertStillForwards("lock", Workflows.STRICT);
        assertStillForwards("bulk", Workflows.BEST_EFFORT);
    }
}
