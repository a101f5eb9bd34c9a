/*
 * Tests tempos_main of algorithm1.c (linked in) against the shared vectors file, plus the ABI
 * rules the vectors cannot express: output buffer bounds, -2, inputs that are not
 * NUL-terminated. Exits non-zero on any failure, which fails the Maven build.
 *
 * Usage: test_algorithm1 path/to/algorithm1-vectors.txt
 *
 * Every input is placed so that it ends exactly at an inaccessible page: a read past in_len
 * crashes at once (reported by the SIGSEGV handler) instead of going unnoticed.
 */
#define _GNU_SOURCE
#include "tempos_function.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define OUT_CAP 4096
#define CANARY 0xA5

static int checks, failures;
static volatile int current_line; /* for the crash report */

static void on_crash(int sig)
{
    char msg[160];
    int n = snprintf(msg, sizeof msg, "FAIL: signal %d in the case at line %d (a read past in_len?)\n",
                     sig, current_line);
    if (write(STDERR_FILENO, msg, (size_t)n) < 0) { /* nothing more to do */ }
    _exit(1);
}

static void check(bool ok, int line, const char *what, const char *input)
{
    checks++;
    if (!ok) {
        failures++;
        fprintf(stderr, "FAIL (line %d): %s\n  input: %.200s\n", line, what, input);
    }
}

/* Calls tempos_main with the input copied right before a PROT_NONE page, and checks that it
 * wrote nothing past out_cap. */
static int64_t call_guarded(const uint8_t *data, size_t len, uint8_t *out, uint64_t out_cap)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data_pages = (len + page - 1) / page;
    uint8_t *base = mmap(NULL, (data_pages + 1) * page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED || mprotect(base + data_pages * page, page, PROT_NONE) != 0) {
        perror("mmap");
        exit(1);
    }
    uint8_t *in = base + data_pages * page - len;
    memcpy(in, data, len);
    memset(out, CANARY, out_cap + 16);
    int64_t n = tempos_main(len == 0 ? NULL : in, len, out, out_cap);
    for (uint64_t i = out_cap; i < out_cap + 16; i++)
        if (out[i] != CANARY) {
            fprintf(stderr, "FAIL (line %d): wrote past out_cap\n", current_line);
            exit(1);
        }
    munmap(base, (data_pages + 1) * page);
    return n;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        perror(path);
        exit(1);
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* One vector: the result must match, fit a buffer of exactly its size but not one byte less,
 * and every proper prefix of a valid event must be rejected without reading past its end. */
static void run_case(int line, const char *expected, const char *input, size_t len)
{
    uint8_t out[OUT_CAP + 16];
    const uint8_t *in = (const uint8_t *)input;
    int64_t n = call_guarded(in, len, out, OUT_CAP);
    if (strcmp(expected, "error") == 0) {
        check(n == TEMPOS_ERR_MALFORMED_INPUT, line, "expected -1 (malformed input)", input);
        return;
    }
    size_t want = strlen(expected);
    bool same = n == (int64_t)want && memcmp(out, expected, want) == 0;
    if (!same)
        fprintf(stderr, "  expected %s\n  got      %.*s (%lld)\n", expected, n > 0 ? (int)n : 0,
                (const char *)out, (long long)n);
    check(same, line, "result differs", input);
    check(call_guarded(in, len, out, want) == (int64_t)want, line,
          "fails with out_cap == result size", input);
    check(call_guarded(in, len, out, want - 1) == TEMPOS_ERR_OUTPUT_TOO_SMALL, line,
          "expected -2 with out_cap one byte short", input);
    check(call_guarded(in, len, out, 0) == TEMPOS_ERR_OUTPUT_TOO_SMALL, line,
          "expected -2 with out_cap 0", input);
    for (size_t prefix = 0; prefix < len; prefix++)
        if (call_guarded(in, prefix, out, OUT_CAP) != TEMPOS_ERR_MALFORMED_INPUT) {
            check(false, line, "a truncated event was accepted", input);
            break;
        }
}

static void run_vectors(const char *path)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash == NULL ? 1 : (int)(slash - path);
    const char *dir = slash == NULL ? "." : path;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    for (int number = 1; (got = getline(&line, &cap, f)) >= 0; number++) {
        current_line = number;
        if (got > 0 && line[got - 1] == '\n')
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *input = strchr(line, ' ');
        if (input == NULL) {
            fprintf(stderr, "%s:%d: no space between expected output and input\n", path, number);
            exit(1);
        }
        *input++ = '\0';
        if (input[0] == '@') {
            char file[4096];
            size_t len;
            snprintf(file, sizeof file, "%.*s/%s", dir_len, dir, input + 1);
            char *content = read_file(file, &len);
            run_case(number, line, content, len);
            free(content);
        } else {
            run_case(number, line, input, strlen(input));
        }
    }
    free(line);
    fclose(f);
}

/* ABI rules that are not about one event's content. */
static void run_abi_checks(void)
{
    uint8_t out[OUT_CAP + 16];
    current_line = 0;
    check(tempos_main(NULL, 0, out, OUT_CAP) == TEMPOS_ERR_MALFORMED_INPUT, 0, "NULL input", "");
    check(call_guarded((const uint8_t *)"", 0, out, OUT_CAP) == TEMPOS_ERR_MALFORMED_INPUT, 0,
          "empty input", "");

    /* in_len, not a NUL, ends the input: what follows in memory must be ignored. */
    const char *event = "{\"message\":\"abab\",\"pattern\":\"ab\"}";
    char buf[128];
    snprintf(buf, sizeof buf, "%s,\"pattern\":\"b\"}", event);
    int64_t n = tempos_main((const uint8_t *)buf, strlen(event), out, OUT_CAP);
    check(n == 32 && memcmp(out, "{\"occurrences\":2,\"result\":1.000}", 32) == 0, 0,
          "bytes after in_len were used", buf);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s algorithm1-vectors.txt\n", argv[0]);
        return 2;
    }
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    run_vectors(argv[1]);
    run_abi_checks();
    printf("algorithm1 C test: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
