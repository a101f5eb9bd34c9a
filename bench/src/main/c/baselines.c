/*
 * The machine's raw limits for the processing benchmark: Algorithm 1 called the plainest ways C
 * can, for SECONDS each, timed per call. Prints one JSON object on stdout:
 *   {"invocations":N,"seconds":S,"per_s":R,"exec_us":{"p50":..,"p99":..,"mean":..}}
 *
 *   baselines plain  SECONDS EVENT                 call tempos_main linked into this program
 *   baselines cached SECONDS EVENT LIBRARY         dlopen+dlsym once, then call the cached pointer
 *   baselines dlopen SECONDS EVENT LIBRARY         dlopen + dlsym + call + dlclose per call
 *   baselines spawn  SECONDS EVENT PROGRAM [ARG..] posix_spawn + event on stdin + read stdout + waitpid
 *
 * Exit status 0, or 1 with the reason on stderr (an artifact that does not load, a function that
 * fails): a baseline that did not run the function must not be reported as a rate.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tempos_function.h"

extern char **environ;

typedef int64_t (*entry_fn)(const uint8_t *, uint64_t, uint8_t *, uint64_t);

#define OUT_CAP (64 * 1024)

static uint8_t out_buffer[OUT_CAP];

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "baselines: %s: %s\n", what, detail);
    exit(1);
}

/* Per-call times in ns, grown by doubling. */
static int64_t *samples;
static size_t sample_count, sample_capacity;

static void record(int64_t ns) {
    if (sample_count == sample_capacity) {
        sample_capacity = sample_capacity ? 2 * sample_capacity : 1 << 16;
        samples = realloc(samples, sample_capacity * sizeof *samples);
        if (!samples) die("out of memory", "samples");
    }
    samples[sample_count++] = ns;
}

static int by_value(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double percentile_us(double p) {
    size_t i = (size_t)(p / 100.0 * (double)(sample_count - 1) + 0.5);
    return samples[i] / 1000.0;
}

static void report(int64_t elapsed_ns) {
    if (sample_count == 0) die("no call", "completed");
    double sum = 0;
    for (size_t i = 0; i < sample_count; i++) sum += (double)samples[i];
    qsort(samples, sample_count, sizeof *samples, by_value);
    double seconds = elapsed_ns / 1e9;
    printf("{\"invocations\":%zu,\"seconds\":%.3f,\"per_s\":%.1f,\"exec_us\":{\"p50\":%.2f,\"p99\":%.2f,\"mean\":%.3f}}\n",
           sample_count, seconds, sample_count / seconds, percentile_us(50), percentile_us(99), sum / sample_count / 1000.0);
}

static void check(int64_t written) {
    if (written < 0) die("tempos_main failed with", written == -1 ? "-1 (malformed input)" : "a negative code");
}

static void *open_library(const char *path) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) die("dlopen", dlerror());
    return handle;
}

static entry_fn find_entry(void *handle) {
    entry_fn entry = (entry_fn)dlsym(handle, "tempos_main");
    if (!entry) die("dlsym tempos_main", dlerror());
    return entry;
}

/* Spawns the program with the event on its stdin, reads its stdout to EOF, waits for it. */
static void spawn_once(char **argv, const uint8_t *event, size_t event_len) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) die("pipe", strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) die(argv[0], strerror(rc));
    close(in[0]);
    close(out[1]);
    for (size_t sent = 0; sent < event_len;) { /* 1.5 KB: fits the pipe, never blocks */
        ssize_t n = write(in[1], event + sent, event_len - sent);
        if (n < 0) die("write to the program", strerror(errno));
        sent += (size_t)n;
    }
    close(in[1]);
    while (read(out[0], out_buffer, OUT_CAP) > 0) {
    }
    close(out[0]);
    int status;
    if (waitpid(pid, &status, 0) < 0) die("waitpid", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die(argv[0], "did not exit with status 0");
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path, strerror(errno));
    static uint8_t data[1 << 20];
    *len = fread(data, 1, sizeof data, f);
    fclose(f);
    return data;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: baselines plain|cached|dlopen|spawn SECONDS EVENT [LIBRARY | PROGRAM ARG...]\n");
        return 2;
    }
    const char *mode = argv[1];
    double seconds = atof(argv[2]);
    if (!(seconds > 0)) die("SECONDS must be > 0, got", argv[2]);
    size_t event_len;
    const uint8_t *event = read_file(argv[3], &event_len);
    int needs_target = strcmp(mode, "plain") != 0;
    if (needs_target && argc < 5) die(mode, "needs a LIBRARY or PROGRAM");

    entry_fn cached = NULL;
    if (strcmp(mode, "cached") == 0) cached = find_entry(open_library(argv[4]));
    else if (strcmp(mode, "plain") && strcmp(mode, "dlopen") && strcmp(mode, "spawn")) die("unknown mode", mode);

    int64_t start = now_ns();
    int64_t end = start + (int64_t)(seconds * 1e9);
    int64_t t = start;
    while (t < end) {
        int64_t before = t;
        if (strcmp(mode, "plain") == 0) {
            check(tempos_main(event, event_len, out_buffer, OUT_CAP));
        } else if (cached) {
            check(cached(event, event_len, out_buffer, OUT_CAP));
        } else if (mode[0] == 'd') {
            void *handle = open_library(argv[4]);
            check(find_entry(handle)(event, event_len, out_buffer, OUT_CAP));
            dlclose(handle);
        } else {
            spawn_once(argv + 4, event, event_len);
        }
        t = now_ns();
        record(t - before);
    }
    report(t - start);
    return 0;
}
