package io.tempos.trigger;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.event.NameIndex;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The workflows a trigger accepts and the level of each, built from a deployment by the
 * management thread and read by the ingress threads. Immutable.
 */
final class WorkflowDirectory {

    static final WorkflowDirectory EMPTY = new WorkflowDirectory(Map.of());

    /** A workflow as the ingress needs it: its level and its encoded names, ready for the wire. */
    record Entry(String workflow, String level, byte[] workflowBytes, byte[] levelBytes, long timeoutMs) {
    }

    private final Map<String, Entry> entries;
    private final NameIndex<Entry> byBytes;

    private WorkflowDirectory(Map<String, Entry> entries) {
        this.entries = entries;
        this.byBytes = new NameIndex<>(entries.values(), Entry::workflowBytes);
    }

    static WorkflowDirectory of(Deployment deployment) {
        Map<String, Entry> entries = new HashMap<>();
        for (WorkflowSpec w : deployment.workflows().values()) {
            entries.put(w.name(), new Entry(w.name(), w.level(),
                    w.name().getBytes(StandardCharsets.UTF_8), w.level().getBytes(StandardCharsets.UTF_8), w.function().timeoutMs()));
        }
        return new WorkflowDirectory(Map.copyOf(entries));
    }

    Entry get(String workflow) {
        return entries.get(workflow);
    }

    /** The workflow named by the {@code length} UTF-8 bytes of {@code bytes} at {@code at}, or null; allocates nothing. */
    Entry find(ByteBuffer bytes, int at, int length) {
        return byBytes.find(bytes, at, length);
    }

    Set<String> names() {
        return entries.keySet();
    }
}
