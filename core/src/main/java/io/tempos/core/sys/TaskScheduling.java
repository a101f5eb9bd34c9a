package io.tempos.core.sys;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduling the kernel has in force for one thread of this process, read from
 * {@code /proc/self/task/TID/stat} (nice: field 19, rt_priority: 40, policy: 41) and
 * {@code status} ({@code Cpus_allowed_list}): what a thread really runs with, whatever was asked.
 *
 * @param tid      the kernel's thread id
 * @param policy   e.g. {@code SCHED_FIFO}; {@code SCHED_<n>} for a policy without a name here
 * @param priority the real-time priority, 0 under SCHED_OTHER
 * @param nice     the nice value (meaningful under SCHED_OTHER)
 * @param cpus     the CPUs it may run on
 */
public record TaskScheduling(int tid, String policy, int priority, int nice, List<Integer> cpus) {

    private static final String[] POLICY_NAMES = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE",
            "SCHED_DEADLINE"};

    public TaskScheduling {
        cpus = List.copyOf(cpus);
    }

    /** What the kernel has for thread {@code tid} of this process, or null when no such thread runs (or {@code tid} is 0). */
    public static TaskScheduling of(int tid) {
        if (tid <= 0) {
            return null;
        }
        Path task = Path.of("/proc/self/task/" + tid);
        try {
            String stat = Files.readString(task.resolve("stat"));
            // comm (field 2) may hold spaces and parentheses: count the fields after its last ")".
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            int nice = Integer.parseInt(fields[19 - 3]);
            int priority = Integer.parseInt(fields[40 - 3]);
            int policy = Integer.parseInt(fields[41 - 3]);
            List<Integer> cpus = List.of();
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    cpus = cpuList(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new TaskScheduling(tid, policy >= 0 && policy < POLICY_NAMES.length ? POLICY_NAMES[policy] : "SCHED_" + policy,
                    priority, nice, cpus);
        } catch (IOException | RuntimeException e) {
            return null;   // the thread ended while we read, or this is no Linux /proc
        }
    }

    /**
     * Whether this is what {@code level} asks at {@code stage}: the policy and its real-time
     * priority (or, under SCHED_OTHER, the nice value), and the level's CPU set when it has one.
     */
    public boolean matches(QosLevel level, PipelineStage stage) {
        return policyMatches(level, stage) && cpusMatch(level);
    }

    /** Whether the level's policy and its priority at {@code stage} (a nice value under SCHED_OTHER) are in force. */
    public boolean policyMatches(QosLevel level, PipelineStage stage) {
        SchedPolicy asked = level.threadPolicy();
        return policy.equals(policyName(asked))
                && (asked.isRealTime() ? priority == stage.priority(level) : nice == stage.priority(level));
    }

    /** Whether the level's CPU set is in force (true when it asks for none). */
    public boolean cpusMatch(QosLevel level) {
        return level.cpus().isEmpty() || cpus.stream().sorted().distinct().toList().equals(level.cpus().stream().sorted().distinct().toList());
    }

    /** Whether it runs under a real-time policy (FIFO or RR). */
    @JsonIgnore
    public boolean isRealTime() {
        return policy.equals("SCHED_FIFO") || policy.equals("SCHED_RR");
    }

    /** E.g. {@code SCHED_FIFO 98} or {@code SCHED_OTHER nice 0}, with {@code on CPUs [1]} when restricted to fewer than all. */
    public String describe() {
        return isRealTime() ? policy + " " + priority : policy + " nice " + nice;
    }

    /** What {@code level} asks at {@code stage}, in the words of {@link #describe()}. */
    public static String describe(QosLevel level, PipelineStage stage) {
        String policy = policyName(level.threadPolicy());
        String asked = level.threadPolicy().isRealTime() ? policy + " " + stage.priority(level) : policy + " nice " + stage.priority(level);
        return level.cpus().isEmpty() ? asked : asked + " on CPUs " + level.cpus();
    }

    /** E.g. {@code SCHED_FIFO}. */
    public static String policyName(SchedPolicy policy) {
        return POLICY_NAMES[policy.linuxConstant()];
    }

    /** Parses a kernel CPU list such as {@code 0-3,6}. */
    static List<Integer> cpuList(String text) {
        List<Integer> cpus = new ArrayList<>();
        if (text.isEmpty()) {
            return cpus;
        }
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }
}
