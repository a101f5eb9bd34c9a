package io.tempos.core.eventlog;

import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.DropReason;

/**
 * A component's log of every event it saw, for exact offline analysis (the paper logs "any
 * received event id, associated with its timestamp", analysed after the run). Hot threads call
 * {@link #record}: it copies the event's id, hop stamps and workflow into a lock-free ring and
 * returns; a background thread writes the ring to a file. A full ring drops the record and
 * counts it, never blocking the caller. Off unless a directory is set ({@link EventLogs}).
 */
public interface EventLog extends AutoCloseable {

    /** The log of a component that logs nothing. */
    EventLog OFF = new EventLog() {
        @Override
        public void record(EventPoint point, EventFrame frame, DropReason dropped) {
        }

        @Override
        public long recorded() {
            return 0;
        }

        @Override
        public long lost() {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Appends the event {@code frame} (checked, wrapped) as seen at {@code point}. Any thread;
     * never blocks, never allocates.
     *
     * @param dropped why the component dropped the event here, or null when it passed it on
     */
    void record(EventPoint point, EventFrame frame, DropReason dropped);

    /** Records accepted into the ring so far. */
    long recorded();

    /** Records dropped because the ring was full. */
    long lost();

    /** Writes what the ring still holds, then closes the file. Idempotent. */
    @Override
    void close();
}
