package io.tempos.bench;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;
import io.tempos.core.stats.WorkflowSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What became of one workflow's events across all components: delivered (the function
 * returned), dropped by reason wherever it happened, and the latency of delivered events.
 *
 * <p>Datagrams the kernel dropped on a full socket buffer carry no workflow: a socket serves one
 * level. They are attributed to the workflow when it is the only one of that level; when several
 * share the level, {@link #ofFlows} splits the level's count among them.
 */
public record WorkflowTally(String workflow, String level, long sent, long delivered, Map<String, Long> dropped,
                            Map<String, Percentiles> latencyUs) {

    /** The drop reason of kernel socket drops, followed by {@code @} and the components. */
    public static final String SOCKET_OVERFLOW = "socket-overflow";

    public WorkflowTally {
        dropped = new TreeMap<>(dropped);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sent events neither delivered nor counted as dropped yet: in flight, or lost unseen. */
    public long unaccounted() {
        return sent - delivered - droppedTotal();
    }

    public Percentiles endToEnd() {
        return latency(LatencySpan.END_TO_END);
    }

    public Percentiles latency(LatencySpan span) {
        return latencyUs.getOrDefault(span.label(), Percentiles.EMPTY);
    }

    /**
     * The tally of {@code workflow}, of which {@code sent} events were sent. Kernel socket drops
     * of its level are counted only when it is the level's only workflow.
     */
    public static WorkflowTally of(WorkflowSpec workflow, long sent, Deployment deployment, List<ComponentSnapshot> snapshots) {
        long delivered = 0;
        Map<String, Long> dropped = new TreeMap<>();
        Map<String, Percentiles> latency = new LinkedHashMap<>();
        boolean onlyWorkflowOfLevel = workflowsOfLevel(deployment, workflow.level()) == 1;
        for (ComponentSnapshot component : snapshots) {
            WorkflowSnapshot mine = component.workflow(workflow.name()).orElse(null);
            if (mine != null) {
                delivered += mine.completed();
                mine.dropped().forEach((reason, n) -> dropped.merge(reason, n, Long::sum));
                if (mine.completed() > 0 && latency.isEmpty()) {
                    latency.putAll(mine.latencyUs());
                }
            }
            if (onlyWorkflowOfLevel) {
                levelSocketDrops(component, workflow.level()).forEach(n ->
                        dropped.merge(SOCKET_OVERFLOW + "@" + component.component(), n, Long::sum));
            }
        }
        return new WorkflowTally(workflow.name(), workflow.level(), sent, delivered, dropped, latency);
    }

    /**
     * The tallies of several workflows, by events sent per workflow name, in that order. The
     * kernel's drops on the sockets of a level that several of them share are split among those
     * workflows by what each is still missing (sent − delivered − dropped), never beyond the
     * kernel's count: exact once nothing is in flight (every missing event of a shared level is
     * then one of those drops); while events are in flight the split runs ahead of the truth.
     * When the level has a workflow not given here, its drops stay unsplit (unaccounted).
     */
    public static List<WorkflowTally> ofFlows(Map<String, Long> sentByWorkflow, Deployment deployment,
                                              List<ComponentSnapshot> snapshots) {
        List<WorkflowTally> tallies = new ArrayList<>();
        sentByWorkflow.forEach((name, sent) -> tallies.add(of(deployment.workflows().get(name), sent, deployment, snapshots)));
        for (String level : new TreeSet<>(tallies.stream().map(WorkflowTally::level).toList())) {
            List<Integer> sharing = new ArrayList<>();
            for (int i = 0; i < tallies.size(); i++) {
                if (tallies.get(i).level().equals(level)) {
                    sharing.add(i);
                }
            }
            if (sharing.size() > 1 && sharing.size() == workflowsOfLevel(deployment, level)) {
                splitSocketDrops(tallies, sharing, level, snapshots);
            }
        }
        return tallies;
    }

    private static void splitSocketDrops(List<WorkflowTally> tallies, List<Integer> sharing, String level,
                                         List<ComponentSnapshot> snapshots) {
        long kernelDrops = 0;
        List<String> where = new ArrayList<>();
        for (ComponentSnapshot component : snapshots) {
            long n = levelSocketDrops(component, level).mapToLong(Long::longValue).sum();
            if (n > 0) {
                kernelDrops += n;
                where.add(component.component());
            }
        }
        long missing = sharing.stream().mapToLong(i -> Math.max(0, tallies.get(i).unaccounted())).sum();
        if (kernelDrops == 0 || missing == 0) {
            return;
        }
        String reason = SOCKET_OVERFLOW + "@" + String.join("+", where);
        for (int i : sharing) {
            WorkflowTally t = tallies.get(i);
            long mine = Math.max(0, t.unaccounted());
            long share = missing <= kernelDrops ? mine : (long) Math.floor((double) kernelDrops * mine / missing);
            if (share > 0) {
                Map<String, Long> dropped = new TreeMap<>(t.dropped());
                dropped.merge(reason, share, Long::sum);
                tallies.set(i, new WorkflowTally(t.workflow(), t.level(), t.sent(), t.delivered(), dropped, t.latencyUs()));
            }
        }
    }

    /** The component's kernel drop counts on sockets of {@code level} (labelled "strict" or "udp strict"). */
    private static Stream<Long> levelSocketDrops(ComponentSnapshot component, String level) {
        return component.socketDrops().entrySet().stream()
                .filter(e -> e.getValue() > 0 && (e.getKey().equals(level) || e.getKey().endsWith(" " + level)))
                .map(Map.Entry::getValue);
    }

    private static long workflowsOfLevel(Deployment deployment, String level) {
        return deployment.workflows().values().stream().filter(w -> w.level().equals(level)).count();
    }
}
