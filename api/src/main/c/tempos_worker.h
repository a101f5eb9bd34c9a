/*
 * The persistent-worker protocol, for C programs that serve events over stdin/stdout
 * (invoker/README.md, "FSPAWN persistent worker"):
 *   worker -> invoker, once at start:  READY  = status 2, length 0
 *   invoker -> worker, per event:      u32 big-endian length, then that many payload bytes
 *   worker -> invoker, per event:      u8 status (0 ok, 1 error), u32 big-endian length, bytes
 *                                      (the result, or a UTF-8 error message)
 * End of stdin means "stop". Anything else on stdout breaks the protocol, and the invoker then
 * kills and restarts the worker; diagnostics go to stderr.
 *
 * Header-only: include it in the program's one translation unit that speaks the protocol.
 */
#ifndef TEMPOS_WORKER_H
#define TEMPOS_WORKER_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEMPOS_WORKER_OK 0
#define TEMPOS_WORKER_ERROR 1
#define TEMPOS_WORKER_READY 2
/* The largest event a worker accepts; a longer length prefix is a broken protocol. */
#define TEMPOS_WORKER_MAX_EVENT_BYTES (16u << 20)
/* The result buffer a worker offers its function, as the invoker does in process. */
#define TEMPOS_WORKER_RESULT_CAP (64u * 1024)

/* Reads n bytes of stdin: 1 when all were read, 0 on end of input before the first, -1 otherwise. */
static int tempos_worker_read(uint8_t *buf, size_t n)
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

static int tempos_worker_write(const uint8_t *buf, size_t n)
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

/* Writes one response (status, length, body); 0 on success, -1 when stdout is gone. */
static int tempos_worker_respond(uint8_t status, const uint8_t *body, uint32_t len)
{
    uint8_t header[5] = { status, (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len };
    return tempos_worker_write(header, sizeof header) == 0 && tempos_worker_write(body, len) == 0 ? 0 : -1;
}

static int tempos_worker_respond_error(const char *message)
{
    return tempos_worker_respond(TEMPOS_WORKER_ERROR, (const uint8_t *)message, (uint32_t)strlen(message));
}

/*
 * Reads the next event into *in (grown with realloc when it is larger than *cap): 1 with *len
 * set, 0 at a clean end of stdin (stop), -1 when the stream broke, announced more than
 * TEMPOS_WORKER_MAX_EVENT_BYTES, or memory ran out.
 */
static int tempos_worker_read_event(uint8_t **in, size_t *cap, uint32_t *len)
{
    uint8_t header[4];
    int r = tempos_worker_read(header, sizeof header);
    if (r <= 0)
        return r;
    *len = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
    if (*len > TEMPOS_WORKER_MAX_EVENT_BYTES)
        return -1;
    if (*len > *cap) {
        uint8_t *bigger = realloc(*in, *len);
        if (bigger == NULL)
            return -1;
        *in = bigger;
        *cap = *len;
    }
    return *len == 0 || tempos_worker_read(*in, *len) == 1 ? 1 : -1;
}

#endif
