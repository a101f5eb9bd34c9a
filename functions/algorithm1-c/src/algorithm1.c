/*
 * Algorithm 1 of the TEMPOS paper as a DLF (see tempos_function.h).
 *
 * Event: a JSON object with string fields "message" and "pattern" (any order, other fields
 * ignored, the last of duplicate fields wins). occur = number of non-overlapping occurrences of
 * pattern in message, left to right, compared byte by byte on the decoded UTF-8 strings (an
 * empty pattern occurs 0 times). Then res = sum over i in [0, occur) of i*i for even i and
 * sqrt(i) for odd i. Result: {"occurrences":N,"result":R} with R printed as "%.3f".
 *
 * The JSON reader is hand-written and minimal on purpose: no library and no allocation. It
 * checks the top-level object and its strings strictly, but skips the values of other fields
 * by bracket depth without checking their inner syntax.
 *
 * The Java twin (io.tempos.functions.Algorithm1) follows the same rules and must produce the
 * same bytes; both are checked against functions/testdata/algorithm1-vectors.txt.
 */
#include "tempos_function.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* What is left of the input; every read checks p < end, as the input is not NUL-terminated. */
typedef struct {
    const uint8_t *p;
    const uint8_t *end;
} reader;

/* A JSON string as it appears in the input: the bytes between the quotes, escapes undecoded. */
typedef struct {
    const uint8_t *start;
    const uint8_t *end;
    bool escaped; /* holds at least one backslash escape, so it must be decoded to compare */
} json_str;

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* Skips whitespace, then consumes c if it comes next. */
static bool eat(reader *r, uint8_t c)
{
    skip_ws(r);
    if (r->p == r->end || *r->p != c)
        return false;
    r->p++;
    return true;
}

static int hex_digit(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The value of 4 hex digits that read_string has already checked. */
static uint32_t hex4(const uint8_t *p)
{
    return (uint32_t)(hex_digit(p[0]) << 12 | hex_digit(p[1]) << 8
                      | hex_digit(p[2]) << 4 | hex_digit(p[3]));
}

/*
 * Reads a string at r (after whitespace): checks that it is terminated and that its escapes are
 * complete and valid, which lets the decoder below trust them. Raw control characters are let
 * through (lenient; they decode to themselves).
 */
static bool read_string(reader *r, json_str *s)
{
    if (!eat(r, '"'))
        return false;
    s->start = r->p;
    s->escaped = false;
    const uint8_t *p = r->p, *quote = NULL;
    for (;;) {
        /* memchr is vectorised: strings are mostly long runs of plain bytes. A quote found
         * beyond an escape stays the candidate, unless the escape was that quote (\"). */
        if (quote == NULL || quote < p) {
            quote = memchr(p, '"', (size_t)(r->end - p));
            if (quote == NULL)
                return false; /* no closing quote */
        }
        const uint8_t *backslash = memchr(p, '\\', (size_t)(quote - p));
        if (backslash == NULL) {
            s->end = quote;
            r->p = quote + 1;
            return true;
        }
        s->escaped = true;
        p = backslash;
        if (r->end - p < 2)
            return false;
        switch (p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            p += 2;
            break;
        case 'u':
            if (r->end - p < 6 || hex_digit(p[2]) < 0 || hex_digit(p[3]) < 0
                || hex_digit(p[4]) < 0 || hex_digit(p[5]) < 0)
                return false;
            p += 6;
            break;
        default:
            return false;
        }
    }
}

/* Skips the value of a field this function does not use. */
static bool skip_value(reader *r)
{
    json_str ignored;
    skip_ws(r);
    if (r->p == r->end)
        return false;
    switch (*r->p) {
    case '"':
        return read_string(r, &ignored);
    case '{':
    case '[': {
        /* Only the depth is tracked (strings are skipped whole, so their brackets don't count). */
        uint64_t depth = 0;
        while (r->p < r->end) {
            uint8_t c = *r->p;
            if (c == '"') {
                if (!read_string(r, &ignored))
                    return false;
                continue;
            }
            r->p++;
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                return true;
        }
        return false;
    }
    default: {
        /* A number, true, false or null: one token up to the next delimiter. */
        const uint8_t *start = r->p;
        while (r->p < r->end && *r->p != ',' && *r->p != '}' && *r->p != ']' && *r->p != ' '
               && *r->p != '\t' && *r->p != '\n' && *r->p != '\r')
            r->p++;
        return r->p > start;
    }
    }
}

/*
 * Yields the decoded bytes of a checked json_str one at a time, without a buffer: escapes are
 * decoded on the fly, \uXXXX (and surrogate pairs) to UTF-8, lone surrogates to U+FFFD.
 * A decoder is a small value, so copying it saves a position to come back to.
 */
typedef struct {
    const uint8_t *p;
    const uint8_t *end;
    uint8_t pending[4]; /* UTF-8 bytes of the last \u escape, from pending[next] on */
    uint8_t npending;
    uint8_t next;
} decoder;

static decoder decoder_of(json_str s)
{
    decoder d = { .p = s.start, .end = s.end };
    return d;
}

static uint8_t utf8_encode(uint32_t cp, uint8_t *b)
{
    if (cp < 0x80) {
        b[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (uint8_t)(0xC0 | cp >> 6);
        b[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (uint8_t)(0xE0 | cp >> 12);
        b[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (uint8_t)(0xF0 | cp >> 18);
    b[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
    b[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* The next decoded byte, or -1 at the end of the string. */
static int decoder_next(decoder *d)
{
    if (d->next < d->npending)
        return d->pending[d->next++];
    if (d->p == d->end)
        return -1;
    uint8_t c = *d->p++;
    if (c != '\\')
        return c;
    uint8_t e = *d->p++;
    switch (e) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': break;
    default: return e; /* \" \\ \/ */
    }
    uint32_t cp = hex4(d->p);
    d->p += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && d->end - d->p >= 6 && d->p[0] == '\\' && d->p[1] == 'u') {
        uint32_t low = hex4(d->p + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            d->p += 6;
        }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    d->npending = utf8_encode(cp, d->pending);
    d->next = 1;
    return d->pending[0];
}

static bool key_is(json_str key, const char *name)
{
    size_t n = strlen(name);
    if (!key.escaped)
        return (size_t)(key.end - key.start) == n && memcmp(key.start, name, n) == 0;
    decoder d = decoder_of(key);
    for (size_t i = 0; i < n; i++)
        if (decoder_next(&d) != (uint8_t)name[i])
            return false;
    return decoder_next(&d) < 0;
}

/* Finds the two fields; false if the input is not an object with both as strings. */
static bool parse_event(const uint8_t *in, uint64_t in_len, json_str *message, json_str *pattern)
{
    reader r = { in, in + in_len };
    bool have_message = false, have_pattern = false;
    if (!eat(&r, '{'))
        return false;
    if (!eat(&r, '}')) {
        do {
            json_str key;
            if (!read_string(&r, &key) || !eat(&r, ':'))
                return false;
            if (key_is(key, "message")) {
                if (!read_string(&r, message))
                    return false;
                have_message = true;
            } else if (key_is(key, "pattern")) {
                if (!read_string(&r, pattern))
                    return false;
                have_pattern = true;
            } else if (!skip_value(&r)) {
                return false;
            }
        } while (eat(&r, ','));
        if (!eat(&r, '}'))
            return false;
    }
    skip_ws(&r);
    return r.p == r.end && have_message && have_pattern;
}

/* Non-overlapping occurrences of needle in hay, both raw bytes (the common, escape-free case).
 * memchr finds the candidates; the rest is compared inline, as a memcmp call per candidate
 * costs more than the comparison of a short pattern. (memmem is slower still: it sets up a
 * table on every call, i.e. once per occurrence.) */
static uint64_t count_raw(const uint8_t *hay, size_t hay_len, const uint8_t *needle, size_t needle_len)
{
    uint64_t count = 0;
    if (needle_len == 0 || hay_len < needle_len)
        return 0;
    const uint8_t *p = hay, *last = hay + (hay_len - needle_len); /* last possible match start */
    while (p <= last) {
        const uint8_t *hit = memchr(p, needle[0], (size_t)(last - p) + 1);
        if (hit == NULL)
            break;
        size_t i = 1;
        while (i < needle_len && hit[i] == needle[i])
            i++;
        if (i == needle_len) {
            count++;
            p = hit + needle_len;
        } else {
            p = hit + 1;
        }
    }
    return count;
}

/* The same count on the decoded bytes, for strings that hold escapes. */
static uint64_t count_decoded(json_str message, json_str pattern)
{
    uint64_t count = 0;
    if (pattern.start == pattern.end) /* every escape decodes to at least one byte */
        return 0;
    decoder m = decoder_of(message);
    for (;;) {
        decoder at = m, want = decoder_of(pattern);
        int w;
        while ((w = decoder_next(&want)) >= 0 && decoder_next(&at) == w)
            ;
        if (w < 0) { /* the whole pattern matched: go on after it */
            count++;
            m = at;
        } else if (decoder_next(&m) < 0) {
            return count;
        }
    }
}

static uint64_t count_occurrences(json_str message, json_str pattern)
{
    if (message.escaped || pattern.escaped)
        return count_decoded(message, pattern);
    return count_raw(message.start, (size_t)(message.end - message.start),
                     pattern.start, (size_t)(pattern.end - pattern.start));
}

/* The paper's loop, verbatim. The Java twin does the same operations in the same order, so the
 * doubles are bit-identical. */
static double algorithm1(uint64_t occur)
{
    double res = 0.0;
    for (uint64_t i = 0; i < occur; i++) {
        if (i % 2 == 0)
            res += (double)i * i;
        else
            res += sqrt((double)i);
    }
    return res;
}

/*
 * Writes r as "%.3f" does, but always with '.' as the decimal point: the process that loads
 * this library (a JVM) may have set an LC_NUMERIC locale whose separator is ','.
 * Returns the length; buf must hold 400 bytes (any double fits).
 */
static int format_3f(double r, char *buf)
{
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.3f", r);
    int int_len = 0;
    while (int_len < n && (tmp[int_len] == '-' || (tmp[int_len] >= '0' && tmp[int_len] <= '9')))
        int_len++;
    memcpy(buf, tmp, (size_t)int_len);
    buf[int_len] = '.';
    memcpy(buf + int_len + 1, tmp + n - 3, 3); /* the 3 decimals end the string */
    buf[int_len + 4] = '\0';
    return int_len + 4;
}

int64_t tempos_main(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_cap)
{
    json_str message, pattern;
    if (in == NULL || in_len == 0 || !parse_event(in, in_len, &message, &pattern))
        return TEMPOS_ERR_MALFORMED_INPUT;

    uint64_t occur = count_occurrences(message, pattern);
    double res = algorithm1(occur);

    char number[400], result[480];
    format_3f(res, number);
    int len = snprintf(result, sizeof result, "{\"occurrences\":%" PRIu64 ",\"result\":%s}", occur, number);
    if (len < 0 || (uint64_t)len > out_cap)
        return TEMPOS_ERR_OUTPUT_TOO_SMALL;
    memcpy(out, result, (size_t)len);
    return len;
}
