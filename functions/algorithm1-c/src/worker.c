/*
 * Runs a DLF (any tempos_main, here Algorithm 1) as a persistent worker for the invoker's
 * FSPAWN method with mode = "warm": one long-lived process that serves event after event over
 * stdin/stdout, so the process start is paid once instead of per event.
 *
 * The persistent-worker protocol (invoker/README.md, "FSPAWN persistent worker"):
 *   worker -> invoker, once at start:  READY  = status 2, length 0
 *   invoker -> worker, per event:      u32 big-endian length, then that many payload bytes
 *   worker -> invoker, per event:      u8 status (0 ok, 1 error), u32 big-endian length, bytes
 *                                      (the result, or a UTF-8 error message)
 * End of stdin means "stop": exit 0. Anything else on stdout breaks the protocol, and the
 * invoker then kills and restarts the worker. Diagnostics go to stderr.
 */
#include "tempos_function.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STATUS_OK 0
#define STATUS_ERROR 1
#define STATUS_READY 2
#define MAX_EVENT_BYTES (16u << 20)
#define RESULT_CAP (64u * 1024)

/* 1 when all n bytes were read, 0 on end of input before the first byte, -1 otherwise. */
static int read_full(uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(STDIN_FILENO, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return got == 0 && r == 0 ? 0 : -1;
        got += (size_t)r;
    }
    return 1;
}

static int write_full(const uint8_t *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

static int respond(uint8_t status, const uint8_t *body, uint32_t len)
{
    uint8_t header[5] = { status, (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len };
    return write_full(header, sizeof header) == 0 && write_full(body, len) == 0 ? 0 : -1;
}

int main(void)
{
    uint8_t *in = malloc(64 * 1024), *out = malloc(RESULT_CAP);
    size_t in_cap = 64 * 1024;
    if (in == NULL || out == NULL || respond(STATUS_READY, NULL, 0) != 0)
        return 2;
    for (;;) {
        uint8_t header[4];
        int r = read_full(header, sizeof header);
        if (r == 0)
            return 0; /* the invoker closed our stdin: stop */
        if (r < 0)
            return 2;
        uint32_t len = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
        if (len > MAX_EVENT_BYTES) {
            fprintf(stderr, "worker: event of %u bytes > %u\n", len, MAX_EVENT_BYTES);
            return 2;
        }
        if (len > in_cap) {
            uint8_t *bigger = realloc(in, len);
            if (bigger == NULL)
                return 2;
            in = bigger;
            in_cap = len;
        }
        if (len > 0 && read_full(in, len) != 1)
            return 2;
        int64_t n = tempos_main(in, len, out, RESULT_CAP);
        int rc;
        if (n >= 0) {
            rc = respond(STATUS_OK, out, (uint32_t)n);
        } else {
            const char *msg = n == TEMPOS_ERR_MALFORMED_INPUT ? "malformed input"
                            : n == TEMPOS_ERR_OUTPUT_TOO_SMALL ? "result larger than 64 KiB" : "function failed";
            rc = respond(STATUS_ERROR, (const uint8_t *)msg, (uint32_t)strlen(msg));
        }
        if (rc != 0)
            return 2;
    }
}
