/*
 * The Tempos DLF ABI: what a function compiled to a shared library exports so that the
 * invoker can dlopen() it and call it in-process (through the JDK's FFM API).
 *
 *   int64_t tempos_main(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_cap);
 *
 * in, in_len    the event payload: exactly in_len bytes. It is NOT NUL-terminated, and the
 *               function must never read past in[in_len - 1]. in may be NULL when in_len is 0.
 * out, out_cap  a caller-owned buffer of out_cap bytes for the result. Nothing is written
 *               past out[out_cap - 1] and no NUL terminator is added.
 *
 * Returns the number of result bytes written to out (>= 0), or a negative error:
 *   TEMPOS_ERR_MALFORMED_INPUT (-1)  the payload is not a valid event for this function;
 *   TEMPOS_ERR_OUTPUT_TOO_SMALL (-2) out_cap is too small; the caller may retry with a larger
 *                                    buffer (nothing has been kept from the failed call).
 *
 * The invoker calls tempos_main concurrently from several worker threads, so it must be
 * thread-safe and reentrant: no global or static mutable state. It should not need malloc
 * either, so that a call costs no more than its own work.
 */
#ifndef TEMPOS_FUNCTION_H
#define TEMPOS_FUNCTION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TEMPOS_ERR_MALFORMED_INPUT  (-1)
#define TEMPOS_ERR_OUTPUT_TOO_SMALL (-2)

int64_t tempos_main(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_cap);

#ifdef __cplusplus
}
#endif

#endif /* TEMPOS_FUNCTION_H */
