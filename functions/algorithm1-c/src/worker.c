/*
 * Runs a DLF (any tempos_main, here Algorithm 1) as a persistent worker for the invoker's
 * FSPAWN method with mode = "warm": one long-lived process that serves event after event over
 * stdin/stdout, so the process start is paid once instead of per event.
 *
 * The persistent-worker protocol: api/src/main/c/tempos_worker.h.
 */
#include "tempos_function.h"

#include "tempos_worker.h"

#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    size_t in_cap = 64 * 1024;
    uint8_t *in = malloc(in_cap), *out = malloc(TEMPOS_WORKER_RESULT_CAP);
    if (in == NULL || out == NULL || tempos_worker_respond(TEMPOS_WORKER_READY, NULL, 0) != 0)
        return 2;
    for (;;) {
        uint32_t len;
        int r = tempos_worker_read_event(&in, &in_cap, &len);
        if (r == 0)
            return 0; /* the invoker closed our stdin: stop */
        if (r < 0) {
            fprintf(stderr, "worker: broken event stream (or an event over %u bytes)\n", TEMPOS_WORKER_MAX_EVENT_BYTES);
            return 2;
        }
        int64_t n = tempos_main(in, len, out, TEMPOS_WORKER_RESULT_CAP);
        int rc;
        if (n >= 0) {
            rc = tempos_worker_respond(TEMPOS_WORKER_OK, out, (uint32_t)n);
        } else {
            rc = tempos_worker_respond_error(n == TEMPOS_ERR_MALFORMED_INPUT ? "malformed input"
                                             : n == TEMPOS_ERR_OUTPUT_TOO_SMALL ? "result larger than 64 KiB" : "function failed");
        }
        if (rc != 0)
            return 2;
    }
}
