package io.tempos.core.eventlog;

import io.tempos.core.event.Hop;
import io.tempos.core.stats.DropReason;

/**
 * One record of an event log, as read back.
 *
 * @param dropped why the component dropped the event there, or null when it passed it on
 * @param stamps  the event's hop stamps as the component saw them, indexed by {@link Hop#ordinal()} (0 = unset)
 */
public record EventLogRecord(EventPoint point, DropReason dropped, long eventId, long[] stamps, String workflow) {

    public long stamp(Hop hop) {
        return stamps[hop.ordinal()];
    }
}
