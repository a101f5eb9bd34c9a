package io.tempos.core.qos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a new deployment changes in the QoS levels a component already runs. The scheduling of a
 * level's threads (policy, priority, CPU set) changes live; everything else a level binds —
 * its channel, socket priority, queue, workers, ports — is built into sockets, queues and
 * threads at start, so a change there is refused with the key to restore, never half applied.
 */
public record LevelChanges(Map<String, QosLevel> rescheduled, List<String> refused) {

    public LevelChanges {
        rescheduled = Map.copyOf(rescheduled);
        refused = List.copyOf(refused);
    }

    /** The changes from {@code running} to {@code next}, for the levels in {@code served}. */
    public static LevelChanges between(Map<String, QosLevel> running, Map<String, QosLevel> next, Iterable<String> served) {
        Map<String, QosLevel> rescheduled = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (String name : served) {
            QosLevel before = running.get(name);
            QosLevel after = next.get(name);
            if (before == null || before.equals(after)) {
                continue;
            }
            if (after == null) {
                refused.add("level '" + name + "' is served by this component and cannot be removed while it runs; restart it with the new file");
                continue;
            }
            List<String> fixed = fixedKeysChanged(before, after);
            if (!fixed.isEmpty()) {
                refused.add("level '" + name + "': " + String.join(", ", fixed) + " cannot change while the component runs"
                        + " (only thread-policy, thread-priority and cpus do); restart it with the new file");
            } else {
                rescheduled.put(name, after);
            }
        }
        return new LevelChanges(rescheduled, refused);
    }

    private static List<String> fixedKeysChanged(QosLevel a, QosLevel b) {
        List<String> keys = new ArrayList<>();
        check(keys, "channel", a.channel(), b.channel());
        check(keys, "socket-priority", a.socketPriority(), b.socketPriority());
        check(keys, "queue-capacity", a.queueCapacity(), b.queueCapacity());
        check(keys, "overflow", a.overflow(), b.overflow());
        check(keys, "wait", a.waitStrategy(), b.waitStrategy());
        check(keys, "workers", a.workers(), b.workers());
        check(keys, "busy-poll-us", a.busyPollUs(), b.busyPollUs());
        check(keys, "max-wait-ms", a.maxWaitMs(), b.maxWaitMs());
        check(keys, "boost-priority", a.boostPriority(), b.boostPriority());
        check(keys, "tsn-slot", a.tsnSlot(), b.tsnSlot());
        return keys;
    }

    private static void check(List<String> keys, String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            keys.add(key + " (" + before + " -> " + after + ")");
        }
    }
}
