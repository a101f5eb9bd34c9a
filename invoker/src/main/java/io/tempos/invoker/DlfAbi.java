package io.tempos.invoker;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

/**
 * The DLF function ABI (README, "DLF"): one exported symbol
 * {@code int64_t tempos_main(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_cap)}
 * that returns the number of result bytes written to {@code out}, or a negative error code.
 */
final class DlfAbi {

    static final String DEFAULT_ENTRY = "tempos_main";
    static final FunctionDescriptor ENTRY = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    static final long MALFORMED_INPUT = -1;
    static final long OUTPUT_TOO_SMALL = -2;

    private DlfAbi() {
    }

    /**
     * The result length of a call that returned {@code written}, or the failure it stands for:
     * a negative error code, or more bytes than the buffer holds (the function wrote past it or
     * returned garbage; in-process, the damage is done, but the event is not counted complete).
     */
    static long checked(String entry, String library, long written, long outCap) throws FunctionFailure {
        if (written < 0) {
            throw failure(entry, library, written);
        }
        if (written > outCap) {
            throw new FunctionFailure(entry + " in " + library + " returned " + written + " > out_cap " + outCap
                    + " (garbage: at most out_cap bytes may be written)");
        }
        return written;
    }

    /** Turns a negative return of {@code entry} into the failure that names it. */
    static FunctionFailure failure(String entry, String library, long code) {
        String meaning = code == MALFORMED_INPUT ? "malformed input"
                : code == OUTPUT_TOO_SMALL ? "output buffer too small"
                : "error code " + code;
        return new FunctionFailure(entry + " in " + library + " returned " + code + " (" + meaning + ")");
    }
}
