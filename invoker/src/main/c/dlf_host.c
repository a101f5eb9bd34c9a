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
 * Protocol: api/src/main/c/tempos_worker.h.
 */
#include "tempos_worker.h"

#include <dlfcn.h>
#include <stdio.h>

#define EXIT_LOAD_FAILED 3
#define EXIT_PROTOCOL 4

typedef int64_t (*tempos_fn)(const uint8_t *, uint64_t, uint8_t *, uint64_t);

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
    uint8_t *in = malloc(in_cap), *out = malloc(TEMPOS_WORKER_RESULT_CAP);
    if (in == NULL || out == NULL || tempos_worker_respond(TEMPOS_WORKER_READY, NULL, 0) != 0)
        return EXIT_PROTOCOL;
    for (;;) {
        uint32_t len;
        int r = tempos_worker_read_event(&in, &in_cap, &len);
        if (r == 0)
            return 0; /* the invoker closed our stdin: stop */
        if (r < 0) {
            fprintf(stderr, "tempos-dlf-host: broken event stream (or an event over %u bytes)\n", TEMPOS_WORKER_MAX_EVENT_BYTES);
            return EXIT_PROTOCOL;
        }
        if (cold && (handle = open_entry(library, entry, &fn, why, sizeof why)) == NULL) {
            if (tempos_worker_respond_error(why) != 0)
                return EXIT_PROTOCOL;
            continue;
        }
        int64_t n = fn(in, len, out, TEMPOS_WORKER_RESULT_CAP);
        if (cold)
            dlclose(handle);
        int rc;
        if (n >= 0 && (uint64_t)n <= TEMPOS_WORKER_RESULT_CAP) {
            rc = tempos_worker_respond(TEMPOS_WORKER_OK, out, (uint32_t)n);
        } else if (n >= 0) {
            snprintf(why, sizeof why, "%s returned %lld > out_cap %u", entry, (long long)n, TEMPOS_WORKER_RESULT_CAP);
            rc = tempos_worker_respond_error(why);
        } else {
            snprintf(why, sizeof why, "%s in %s returned %lld (%s)", entry, library, (long long)n,
                     n == -1 ? "malformed input" : n == -2 ? "output buffer too small" : "error code");
            rc = tempos_worker_respond_error(why);
        }
        if (rc != 0)
            return EXIT_PROTOCOL;
    }
}
