package io.tempos.core.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComponentStatsTest {

    private final ComponentStats stats = new ComponentStats("edge");

    @Test
    void oneStatsObjectPerWorkflow() {
        assertThat(stats.of("w")).isSameAs(stats.of("w")).isNotSameAs(stats.of("v"));
        assertThat(stats.unattributed()).isSameAs(stats.of(ComponentStats.UNATTRIBUTED));
    }

    @Test
    void aSnapshotListsWorkflowsByName() {
        stats.of("zeta").received();
        stats.of("alpha").forwarded();
        stats.unattributed().dropped(DropReason.MALFORMED);

        ComponentSnapshot snapshot = stats.snapshot();

        assertThat(snapshot.component()).isEqualTo("edge");
        assertThat(snapshot.workflows()).extracting(WorkflowSnapshot::workflow).containsExactly("(unattributed)", "alpha", "zeta");
        assertThat(snapshot.workflow("zeta")).hasValueSatisfying(w -> assertThat(w.received()).isEqualTo(1));
        assertThat(snapshot.workflow("alpha")).hasValueSatisfying(w -> assertThat(w.forwarded()).isEqualTo(1));
        assertThat(snapshot.workflow("nope")).isEmpty();
    }
}
