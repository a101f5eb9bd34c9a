package io.tempos.core.qos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which level changes a running component takes live and which it refuses, naming the key. */
class LevelChangesTest {

    private static final QosLevel STRICT = QosLevel.strict();

    private static QosLevel strictWith(SchedPolicy policy, int priority, List<Integer> cpus, int queueCapacity) {
        return new QosLevel(STRICT.name(), STRICT.channel(), STRICT.socketPriority(), policy, priority, cpus, queueCapacity,
                STRICT.overflow(), STRICT.waitStrategy(), STRICT.workers());
    }

    @Test
    void schedulingChangesAreTakenLive() {
        QosLevel next = strictWith(SchedPolicy.RR, 50, List.of(1), STRICT.queueCapacity());

        LevelChanges changes = LevelChanges.between(Map.of("strict", STRICT), Map.of("strict", next), Set.of("strict"));

        assertThat(changes.refused()).isEmpty();
        assertThat(changes.rescheduled()).containsExactly(Map.entry("strict", next));
    }

    @Test
    void aChangeToWhatSocketsAndQueuesWereBuiltWithIsRefusedWithTheKey() {
        QosLevel next = strictWith(SchedPolicy.FIFO, 50, List.of(), 8);

        LevelChanges changes = LevelChanges.between(Map.of("strict", STRICT), Map.of("strict", next), Set.of("strict"));

        assertThat(changes.rescheduled()).isEmpty();
        assertThat(changes.refused()).singleElement().asString()
                .contains("level 'strict'", "queue-capacity (1024 -> 8)", "restart");
    }

    @Test
    void removingAServedLevelIsRefusedAndLevelsNotServedAreIgnored() {
        QosLevel other = new QosLevel("gold", "udp", 0, SchedPolicy.OTHER, 0, List.of(), 8, OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1);

        LevelChanges removed = LevelChanges.between(Map.of("strict", STRICT), Map.of(), Set.of("strict"));
        LevelChanges notServed = LevelChanges.between(Map.of("gold", other), Map.of("gold", strictWith(SchedPolicy.FIFO, 1, List.of(), 1)),
                Set.of("strict"));

        assertThat(removed.refused()).singleElement().asString().contains("level 'strict'", "cannot be removed");
        assertThat(notServed.refused()).isEmpty();
        assertThat(notServed.rescheduled()).isEmpty();
    }

    @Test
    void anUnchangedLevelIsNeitherRescheduledNorRefused() {
        LevelChanges changes = LevelChanges.between(Map.of("strict", STRICT), Map.of("strict", QosLevel.strict()), Set.of("strict"));

        assertThat(changes.rescheduled()).isEmpty();
        assertThat(changes.refused()).isEmpty();
    }
}
