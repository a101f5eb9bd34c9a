package io.tempos.core.eventlog;

import io.tempos.core.event.Hop;

/**
 * The layout of one event-log record, the same in the ring and in the file, little-endian
 * (docs/measurement.md):
 * <pre>
 *  0  u8   point ({@link EventPoint} ordinal; 255 = the closing summary)
 *  1  u8   outcome (0 = passed on, n = DropReason ordinal + 1)
 *  2  u8   workflow name length W
 *  3  u8   reserved (0)
 *  4  u32  reserved (0)
 *  8  i64  event id (in the summary: records lost on a full ring)
 * 16  i64[7] hop stamps as carried by the frame (ns, 0 = unset)
 * 72  W bytes workflow name (UTF-8)
 * </pre>
 * A file starts with the 8 ASCII bytes {@code TPEVLOG1}, a u8 length and the component's name.
 */
final class EventLogFormat {

    static final byte[] MAGIC = {'T', 'P', 'E', 'V', 'L', 'O', 'G', '1'};
    static final int POINT_OFFSET = 0;
    static final int OUTCOME_OFFSET = 1;
    static final int WORKFLOW_LENGTH_OFFSET = 2;
    static final int EVENT_ID_OFFSET = 8;
    static final int STAMPS_OFFSET = 16;
    static final int FIXED_BYTES = STAMPS_OFFSET + Hop.count() * Long.BYTES;
    static final int MAX_RECORD_BYTES = FIXED_BYTES + 255;
    /** The point code of the record a log ends with when closed: its id field holds the lost count. */
    static final int SUMMARY_POINT = 255;
    static final int OUTCOME_PASSED = 0;

    private EventLogFormat() {
    }
}
