/*
 * A DLF that misbehaves on request, for the invoker's fault tests. Built as a library
 * (libhostile.so), as a process per event (hostile, with functions/algorithm1-c/src/main.c) and
 * as a persistent worker (hostile-worker, with worker.c). The payload is the command:
 *   segv            writes through a NULL pointer
 *   hang            spins forever
 *   fork-hang       forks a child that sleeps, then spins (both in the caller's process group)
 *   fail            returns -1
 *   big             returns out_cap + 1 (garbage: more than the buffer)
 *   exit            exits the process with status 3
 *   alloc:N         allocates and touches N MiB; returns -3 when it cannot
 *   sleep:MS        sleeps MS milliseconds, then echoes
 *   sched           returns "policy=P priority=R" of the calling thread
 *   anything else   is echoed
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int is(const uint8_t *in, uint64_t len, const char *command)
{
    size_t n = strlen(command);
    return len >= n && memcmp(in, command, n) == 0;
}

static long number_after(const uint8_t *in, uint64_t len, size_t prefix)
{
    char digits[32] = {0};
    memcpy(digits, in + prefix, len - prefix < sizeof digits - 1 ? len - prefix : sizeof digits - 1);
    return strtol(digits, NULL, 10);
}

int64_t tempos_main(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_cap)
{
    if (is(in, in_len, "segv")) {
        *(volatile int *)(uintptr_t)0 = 1;
    } else if (is(in, in_len, "hang")) {
        for (volatile uint64_t spin = 0;; spin++) {
        }
    } else if (is(in, in_len, "fork-hang")) {
        if (fork() == 0) {
            for (;;)
                pause();
        }
        for (volatile uint64_t spin = 0;; spin++) {
        }
    } else if (is(in, in_len, "fail")) {
        return -1;
    } else if (is(in, in_len, "big")) {
        return (int64_t)out_cap + 1;
    } else if (is(in, in_len, "exit")) {
        _exit(3);
    } else if (is(in, in_len, "alloc:")) {
        size_t bytes = (size_t)number_after(in, in_len, 6) << 20;
        char *p = malloc(bytes);
        if (p == NULL) {
            fprintf(stderr, "hostile: cannot allocate %zu MiB\n", bytes >> 20);
            return -3;
        }
        memset(p, 1, bytes);
        free(p);
    } else if (is(in, in_len, "sleep:")) {
        long ms = number_after(in, in_len, 6);
        struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&t, NULL);
    } else if (is(in, in_len, "sched")) {
        struct sched_param param;
        sched_getparam(0, &param);
        int n = snprintf((char *)out, out_cap, "policy=%d priority=%d", sched_getscheduler(0), param.sched_priority);
        return n;
    }
    if (in_len > out_cap)
        return -2;
    memcpy(out, in, in_len);
    return (int64_t)in_len;
}
