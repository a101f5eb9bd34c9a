/*
 * tempos-dlf-host: runs a DLF (a shared library exporting the DLF ABI's entry) in a process of
 * its own, for workflows with isolation = "process". The invoker starts one per level worker
 * and talks to it over the persistent-worker protocol (invoker/README.md): a function that
 * crashes, hangs or corrupts memory then costs this process, never the invoker, which restarts
 * it and fails only the event in flight.
 *
 * Usage: tempos-dlf-host LIBRARY ENTRY warm|cold
 *   warm: dlopen and dlsym once at start; cold: dlopen, dlsym, call, dlclose per event, as the
 *   invoker's in-process cold mode. Either way the library is opened once at start, before
 *   READY, so that a library that does not load is reported then (on stderr, exit status 3).
 *
 * Protocol: READY (status 2, length 0) once; then per event a u32 big-endian length and the
 * payload in, and u8 status (0 ok, 1 error) + u32 big-endian length + bytes out.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STATUS_OK 0
#define STATUS_ERROR 1
#define STATUS_READY 2
#define MAX_EVENT_BYTES (16u << 20)
#define RESULT_CAP (64u * 1024)
#define EXIT_LOAD_FAILED 3
#define EXIT_PROTOCOL 4

typedef int64_t (*tempos_fn)(const uint8_t *, uint64_t, uint8_t *, uint64_t);

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

static int respond_error(const char *message)
{
    return respond(STATUS_ERROR, (const uint8_t *)message, (uint32_t)strlen(message));
}

/* Opens library and finds entry; on failure writes dlerror()'s text to why. */
static void *open_entry(const char *library, const char *entry, tempos_fn *fn, char *why, size_t why_len)
{
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(why, why_len, "dlopen failed: %s", dlerror());
        return NULL;
    }
    *(void **)fn = dlsym(handle, entry);
    if (*fn == NULL) {
        snprintf(why, why_len, "dlsym failed: %s", dlerror());
        dlclose(handle);
        return NULL;
    }
    return handle;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[3], "warm") != 0 && strcmp(argv[3], "cold") != 0)) {
        fprintf(stderr, "usage: tempos-dlf-host LIBRARY ENTRY warm|cold\n");
        return 2;
    }
    const char *library = argv[1], *entry = argv[2];
    int cold = strcmp(argv[3], "cold") == 0;
    char why[1024];
    tempos_fn fn;
    void *handle = open_entry(library, entry, &fn, why, sizeof why);
    if (handle == NULL) {
        fprintf(stderr, "%s\n", why);
        return EXIT_LOAD_FAILED;
    }
    if (cold)
        dlclose(handle);

    size_t in_cap = 64 * 1024;
    uint8_t *in = malloc(in_cap), *out = malloc(RESULT_CAP);
    if (in == NULL || out == NULL || respond(STATUS_READY, NULL, 0) != 0)
        return EXIT_PROTOCOL;
    for (;;) {
        uint8_t header[4];
        int r = read_full(header, sizeof header);
        if (r == 0)
            return 0; /* the invoker closed our stdin: stop */
        if (r < 0)
            return EXIT_PROTOCOL;
        uint32_t len = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
        if (len > MAX_EVENT_BYTES) {
            fprintf(stderr, "tempos-dlf-host: event of %u bytes > %u\n", len, MAX_EVENT_BYTES);
            return EXIT_PROTOCOL;
        }
        if (len > in_cap) {
            uint8_t *bigger = realloc(in, len);
            if (bigger == NULL)
                return EXIT_PROTOCOL;
            in = bigger;
            in_cap = len;
        }
        if (len > 0 && read_full(in, len) != 1)
            return EXIT_PROTOCOL;
        if (cold && (handle = open_entry(library, entry, &fn, why, sizeof why)) == NULL) {
            if (respond_error(why) != 0)
                return EXIT_PROTOCOL;
            continue;
        }
        int64_t n = fn(in, len, out, RESULT_CAP);
        if (cold)
            dlclose(handle);
        int rc;
        if (n >= 0 && (uint64_t)n <= RESULT_CAP) {
            rc = respond(STATUS_OK, out, (uint32_t)n);
        } else if (n >= 0) {
            snprintf(why, sizeof why, "%s returned %lld > out_cap %u", entry, (long long)n, RESULT_CAP);
            rc = respond_error(why);
        } else {
            snprintf(why, sizeof why, "%s in %s returned %lld (%s)", entry, library, (long long)n,
                     n == -1 ? "malformed input" : n == -2 ? "output buffer too small" : "error code");
            rc = respond_error(why);
        }
        if (rc != 0)
            return EXIT_PROTOCOL;
    }
}
