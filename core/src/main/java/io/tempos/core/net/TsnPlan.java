package io.tempos.core.net;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.TsnSlot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns a deployment's TSN windows ({@code [tsn]} and each level's {@code tsn-slot}) into the
 * qdisc commands of IEEE 802.1Qbv on Linux: one {@code taprio} root with a traffic class per
 * level and a gate-control list with one entry per slot (and one with every gate closed for each
 * gap between slots), and optionally an {@code etf} qdisc on the queue of one level.
 *
 * <p>Traffic classes follow the levels' socket priorities, highest first: TC 0 is the level
 * with the highest priority. taprio's {@code map} sends each of the 16 socket priorities to the
 * TC of the level with that priority, and every other priority to the TC of the lowest level.
 * Each TC gets one transmit queue ({@code queues 1@0 1@1 …}), so the device needs at least as
 * many queues as there are levels.
 *
 * <p>Pure: it reads a validated deployment (slots inside the cycle, no overlap, distinct
 * priorities) and runs nothing.
 */
public final class TsnPlan {

    /** taprio's qdisc handle; queue {@code i} is its class {@code 100:(i+1)}. */
    static final String HANDLE = "100";
    private static final int PRIORITIES = 16;

    private final List<List<String>> commands;
    private final List<String> notes;

    private TsnPlan(List<List<String>> commands, List<String> notes) {
        this.commands = List.copyOf(commands);
        this.notes = List.copyOf(notes);
    }

    /**
     * The plan of {@code d}.
     *
     * @throws IllegalArgumentException when {@code d} has no {@code [tsn]} table
     */
    public static TsnPlan of(Deployment d) {
        TsnSpec tsn = d.tsn();
        if (tsn == null) {
            throw new IllegalArgumentException("the deployment has no [tsn] table: add one with interface and cycle-us, "
                    + "and a tsn-slot = { offset-us, length-us } to every level");
        }
        List<QosLevel> classes = new ArrayList<>(d.levels().values());
        classes.sort(Comparator.comparingInt(QosLevel::socketPriority).reversed());
        int lowest = classes.size() - 1;
        List<String> taprio = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", tsn.networkInterface(),
                "parent", "root", "handle", HANDLE, "taprio", "num_tc", Integer.toString(classes.size()), "map"));
        for (int priority = 0; priority < PRIORITIES; priority++) {
            int tc = lowest;
            for (int i = 0; i < classes.size(); i++) {
                if (classes.get(i).socketPriority() == priority) {
                    tc = i;
                }
            }
            taprio.add(Integer.toString(tc));
        }
        taprio.add("queues");
        for (int i = 0; i < classes.size(); i++) {
            taprio.add("1@" + i);
        }
        taprio.add("base-time");
        taprio.add(Long.toString(tsn.baseTimeNs()));
        List<String> notes = new ArrayList<>();
        List<Integer> bySlot = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            bySlot.add(i);
        }
        bySlot.sort(Comparator.comparingInt(i -> classes.get(i).tsnSlot().offsetUs()));
        int at = 0;
        for (int tc : bySlot) {
            QosLevel level = classes.get(tc);
            TsnSlot slot = level.tsnSlot();
            if (slot.offsetUs() > at) {
                addEntry(taprio, 0, slot.offsetUs() - at);
            }
            addEntry(taprio, 1 << tc, slot.lengthUs());
            at = slot.offsetUs() + slot.lengthUs();
            notes.add("TC " + tc + " = level " + level.name() + " (socket priority " + level.socketPriority() + "): gate open "
                    + slot.offsetUs() + ".." + at + " µs of every " + tsn.cycleUs() + " µs");
        }
        if (at < tsn.cycleUs()) {
            addEntry(taprio, 0, tsn.cycleUs() - at);
        }
        taprio.addAll(List.of("cycle-time", Long.toString(tsn.cycleUs() * 1_000L), "clockid", "CLOCK_TAI"));
        List<List<String>> commands = new ArrayList<>();
        commands.add(taprio);
        if (tsn.etfLevel() != null) {
            int tc = classes.indexOf(d.levels().get(tsn.etfLevel()));
            commands.add(List.of("tc", "qdisc", "replace", "dev", tsn.networkInterface(), "parent", HANDLE + ":" + (tc + 1),
                    "etf", "clockid", "CLOCK_TAI", "delta", Long.toString(tsn.etfDeltaUs() * 1_000L)));
            notes.add("etf on TC " + tc + " (level " + tsn.etfLevel() + "): sends each packet at its SO_TXTIME; "
                    + "it drops packets without one, so that level's channel must stamp SO_TXTIME");
        }
        return new TsnPlan(commands, notes);
    }

    private static void addEntry(List<String> taprio, int gateMask, int lengthUs) {
        taprio.addAll(List.of("sched-entry", "S", String.format(Locale.ROOT, "%02x", gateMask), Long.toString(lengthUs * 1_000L)));
    }

    /** The commands, each as its argument vector. */
    public List<List<String>> commands() {
        return commands;
    }

    /** What the commands set up, one line per traffic class (and etf). */
    public List<String> notes() {
        return notes;
    }

    /** A shell script: the notes as comments, then one command per line. */
    public String script() {
        StringBuilder out = new StringBuilder();
        notes.forEach(n -> out.append("# ").append(n).append('\n'));
        commands.forEach(c -> out.append(String.join(" ", c)).append('\n'));
        return out.toString();
    }
}
