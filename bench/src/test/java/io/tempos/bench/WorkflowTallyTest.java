package io.tempos.bench;

import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.Percentiles;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kernel socket drops carry no workflow: how the tally attributes them, alone or shared. */
class WorkflowTallyTest {

    private static final Path ROOT = TestDeployments.repositoryRoot();
    private static final Deployment DEPLOYMENT = TestDeployments.parse(TestDeployments.baseToml() + """
            [workflows.door]
            level = "strict"
            topic = "sq"
            method = "dlf"
            artifact = "functions/algorithm1-c/target/libalgorithm1.so"
            [workflows.cam-1]
            level = "best-effort"
            topic = "bq"
            method = "dlf"
            artifact = "functions/algorithm1-c/target/libalgorithm1.so"
            [workflows.cam-2]
            level = "best-effort"
            topic = "bq"
            method = "dlf"
            artifact = "functions/algorithm1-c/target/libalgorithm1.so"
            """, ROOT);

    @Test
    void soleWorkflowOfALevelTakesItsSocketDropsByComponent() {
        List<ComponentSnapshot> snapshots = List.of(
                new ComponentSnapshot("gate", List.of(), Map.of("udp strict", 3L, "udp best-effort", 50L)),
                new ComponentSnapshot("edge", List.of(completed("door", 90)), Map.of("strict", 7L)));

        WorkflowTally door = WorkflowTally.of(DEPLOYMENT.workflows().get("door"), 100, DEPLOYMENT, snapshots);

        assertThat(door.delivered()).isEqualTo(90);
        assertThat(door.dropped()).containsExactlyInAnyOrderEntriesOf(Map.of("socket-overflow@gate", 3L, "socket-overflow@edge", 7L));
        assertThat(door.unaccounted()).isZero();
    }

    @Test
    void sharedLevelDropsGoToEachWorkflowByWhatItMisses() {
        List<ComponentSnapshot> snapshots = List.of(
                new ComponentSnapshot("gate", List.of(), Map.of("udp best-effort", 30L)),
                new ComponentSnapshot("mom", List.of(), Map.of("best-effort", 15L)),
                new ComponentSnapshot("edge", List.of(completed("cam-1", 70), completed("cam-2", 95)), Map.of()));

        List<WorkflowTally> tallies = WorkflowTally.ofFlows(sent(100, 100), DEPLOYMENT, snapshots);

        assertThat(tallies.get(0).dropped()).containsExactlyEntriesOf(Map.of("socket-overflow@gate+mom", 30L));
        assertThat(tallies.get(1).dropped()).containsExactlyEntriesOf(Map.of("socket-overflow@gate+mom", 5L));
        assertThat(tallies).allSatisfy(t -> assertThat(t.unaccounted()).isZero());
    }

    @Test
    void sharedLevelDropsNeverExceedTheKernelsCount() {
        List<ComponentSnapshot> snapshots = List.of(
                new ComponentSnapshot("gate", List.of(), Map.of("udp best-effort", 20L)),
                new ComponentSnapshot("edge", List.of(completed("cam-1", 70), completed("cam-2", 90)), Map.of()));

        List<WorkflowTally> tallies = WorkflowTally.ofFlows(sent(100, 100), DEPLOYMENT, snapshots);

        assertThat(tallies.get(0).dropped()).containsEntry("socket-overflow@gate", 15L);
        assertThat(tallies.get(1).dropped()).containsEntry("socket-overflow@gate", 5L);
        assertThat(tallies.stream().mapToLong(WorkflowTally::unaccounted).sum()).isEqualTo(20);
    }

    @Test
    void sharedLevelDropsStayUnsplitWhenAWorkflowOfTheLevelIsNotTallied() {
        List<ComponentSnapshot> snapshots = List.of(
                new ComponentSnapshot("gate", List.of(), Map.of("udp best-effort", 30L)),
                new ComponentSnapshot("edge", List.of(completed("cam-1", 70)), Map.of()));

        WorkflowTally cam1 = WorkflowTally.ofFlows(Map.of("cam-1", 100L), DEPLOYMENT, snapshots).getFirst();

        assertThat(cam1.dropped()).isEmpty();
        assertThat(cam1.unaccounted()).isEqualTo(30);
    }

    private static Map<String, Long> sent(long cam1, long cam2) {
        Map<String, Long> sent = new LinkedHashMap<>();
        sent.put("cam-1", cam1);
        sent.put("cam-2", cam2);
        return sent;
    }

    private static WorkflowSnapshot completed(String workflow, long n) {
        return new WorkflowSnapshot(workflow, n, 0, n, Map.of(), Map.of("delivery", Percentiles.EMPTY));
    }
}
