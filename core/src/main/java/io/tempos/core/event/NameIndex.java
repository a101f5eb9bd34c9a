package io.tempos.core.event;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.function.Function;

/**
 * Name bytes → value, looked up straight from the bytes an event arrived in: an open-addressing
 * table keyed by {@link EventFrame#nameHash(byte[])} and confirmed byte by byte, so a lookup
 * allocates nothing (a {@code Map<String, V>} would need the name as a new {@code String} per
 * event, garbage that a flood turns into collector work on every hop). Immutable once built;
 * load factor at most one half, so probes stay short. Safe to read from any thread.
 *
 * @param <V> what a name finds: a route, a workflow entry
 */
public final class NameIndex<V> {

    private final Object[] values;
    private final byte[][] names;
    private final int[] hashes;
    private final int mask;

    /**
     * @param values the entries; names must be distinct
     * @param nameOf the UTF-8 name of an entry
     */
    public NameIndex(Collection<? extends V> values, Function<? super V, byte[]> nameOf) {
        int size = Integer.highestOneBit(Math.max(4, values.size() * 2 - 1)) << 1;
        this.values = new Object[size];
        this.names = new byte[size][];
        this.hashes = new int[size];
        this.mask = size - 1;
        for (V value : values) {
            byte[] name = nameOf.apply(value);
            int hash = EventFrame.nameHash(name);
            int i = hash & mask;
            while (this.values[i] != null) {
                i = (i + 1) & mask;
            }
            this.values[i] = value;
            this.names[i] = name;
            this.hashes[i] = hash;
        }
    }

    /** The entry of the workflow named in the checked {@code frame}, or null when there is none. */
    public V find(EventFrame frame) {
        int hash = frame.workflowHash();
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                return null;
            }
            if (hashes[i] == hash && frame.workflowEquals(names[i])) {
                return value(i);
            }
        }
    }

    /** The entry named by the {@code length} bytes of {@code bytes} at absolute index {@code at}, or null. */
    public V find(ByteBuffer bytes, int at, int length) {
        int hash = EventFrame.nameHash(bytes, at, length);
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                return null;
            }
            if (hashes[i] == hash && EventFrame.bytesEqual(bytes, at, length, names[i])) {
                return value(i);
            }
        }
    }

    @SuppressWarnings("unchecked") // only V is ever stored
    private V value(int slot) {
        return (V) values[slot];
    }
}
