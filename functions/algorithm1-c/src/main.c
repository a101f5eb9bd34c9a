/*
 * Runs a DLF (any tempos_main, here Algorithm 1) as a plain process, for the invoker's
 * process method: the whole of stdin is the event, the result goes to stdout and the exit
 * code is 0. On any error: a message on stderr and exit code 2.
 */
#include "tempos_function.h"

#include <stdio.h>
#include <stdlib.h>

#define EXIT_FAILED 2

static int fail(const char *message)
{
    fprintf(stderr, "algorithm1: %s\n", message);
    return EXIT_FAILED;
}

int main(void)
{
    size_t len = 0, cap = 64 * 1024;
    uint8_t *in = malloc(cap);
    if (in == NULL)
        return fail("out of memory");
    for (;;) {
        len += fread(in + len, 1, cap - len, stdin);
        if (len < cap)
            break; /* end of input or error, told apart below */
        uint8_t *bigger = realloc(in, cap *= 2);
        if (bigger == NULL)
            return fail("out of memory");
        in = bigger;
    }
    if (ferror(stdin))
        return fail("cannot read stdin");

    /* The result size is the function's business: grow the buffer until it fits. */
    for (uint64_t out_cap = 4096; out_cap <= (1u << 30); out_cap *= 2) {
        uint8_t *out = malloc(out_cap);
        if (out == NULL)
            return fail("out of memory");
        int64_t n = tempos_main(in, len, out, out_cap);
        if (n == TEMPOS_ERR_OUTPUT_TOO_SMALL) {
            free(out);
            continue;
        }
        if (n < 0)
            return fail(n == TEMPOS_ERR_MALFORMED_INPUT ? "malformed input" : "function failed");
        if (fwrite(out, 1, (size_t)n, stdout) != (size_t)n || fflush(stdout) != 0)
            return fail("cannot write stdout");
        return 0;
    }
    return fail("result too large");
}
