package io.tempos.cli.testbed;

import io.tempos.bench.WorkflowTally;
import io.tempos.cli.testbed.ClassCounters.ClassCount;

import java.util.List;
import java.util.Map;

/**
 * One testbed run: what became of every workflow's events, and the qdisc counters of every
 * host's link afterwards.
 *
 * @param shaping   how the links were shaped
 * @param durationS seconds of load
 * @param workflows per workflow: sent, delivered, dropped by reason, latencies
 * @param qdisc     per host name: the counters of each htb class on its link
 */
record RunResult(LinkShaping shaping, int durationS, List<WorkflowTally> workflows, Map<String, List<ClassCount>> qdisc) {

    /** The workflow's tally, or null when the run had no such workflow. */
    WorkflowTally workflow(String name) {
        return workflows.stream().filter(w -> w.workflow().equals(name)).findFirst().orElse(null);
    }
}
