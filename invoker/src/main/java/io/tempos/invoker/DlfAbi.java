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

    /** Turns a negative return of {@code entry} into the failure that names it. */
    static FunctionFailure failure(String entry, String library, long code) {
        String meaning = code == MALFORMED_INPUT ? "malformed input"
                : code == OUTPUT_TOO_SMALL ? "output buffer too small"
                : "error code " + code;
        return new FunctionFailure(entry + " in " + library + " returned " + code + " (" + meaning + ")");
    }
}
