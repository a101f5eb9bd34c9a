/*
 * Just enough of a C library for algorithm1.c on wasm32 (compiled with -nostdlib, so the module
 * imports nothing and runs in any engine): memchr, memcpy, memmove, memset, memcmp, strlen, and an
 * snprintf that knows the three conversions the function uses: %s, %llu and %.3f.
 *
 * %.3f must print exactly what glibc prints (the result is compared byte for byte with the
 * native build and the Java twin): the exact binary value of the double, rounded half-even to
 * three decimals.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/*
 * Word at a time, as musl's (and so wasi-libc's) memchr: the JSON reader scans whole strings
 * with it, and in a wasm engine every load is a bounds-checked call, so eight bytes per load
 * matter. x has a zero byte where the word equals c; (x - 0x01..) & ~x & 0x80.. marks it, and
 * the lowest mark is exact (a borrow only spreads upwards). Unaligned 8-byte loads are valid
 * wasm; no load goes past s + n.
 */
void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    const uint64_t pattern = ones * (unsigned char)c;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t word;
        __builtin_memcpy(&word, p, sizeof word);
        uint64_t x = word ^ pattern;
        uint64_t found = (x - ones) & ~x & highs;
        if (found != 0)
            return (void *)(p + __builtin_ctzll(found) / 8);
    }
    for (; n > 0; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n-- > 0)
            *d++ = *s++;
    } else {
        while (n-- > 0)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n-- > 0)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n > 0; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

/* Appends to a bounded buffer and counts what would have been written, as snprintf does. */
typedef struct {
    char *buf;
    size_t cap;
    size_t len;
} sink;

static void put(sink *s, char c)
{
    if (s->len + 1 < s->cap)
        s->buf[s->len] = c;
    s->len++;
}

static void put_u64(sink *s, uint64_t v, int min_digits)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (; n < min_digits; min_digits--)
        put(s, '0');
    while (n > 0)
        put(s, digits[--n]);
}

/* m * 2^e for a value >= 2^64: decimal digits by doubling a base-10^9 number e times. */
static void put_big(sink *s, uint64_t m, int e)
{
    uint32_t limbs[40]; /* < 2^1024 < 10^309: 35 limbs */
    int count = 0;
    for (; m != 0; m /= 1000000000u)
        limbs[count++] = (uint32_t)(m % 1000000000u);
    for (; e > 0; e--) {
        uint32_t carry = 0;
        for (int i = 0; i < count; i++) {
            uint32_t v = limbs[i] * 2 + carry;
            carry = v >= 1000000000u;
            limbs[i] = carry ? v - 1000000000u : v;
        }
        if (carry)
            limbs[count++] = 1;
    }
    put_u64(s, limbs[count - 1], 1);
    for (int i = count - 2; i >= 0; i--)
        put_u64(s, limbs[i], 9);
}

static void put_fixed3(sink *s, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int biased = (int)(bits >> 52 & 0x7ff);
    uint64_t fraction = bits & ((UINT64_C(1) << 52) - 1);
    if (bits >> 63)
        put(s, '-');
    if (biased == 0x7ff) {
        const char *text = fraction != 0 ? "nan" : "inf";
        while (*text)
            put(s, *text++);
        return;
    }
    /* v = m * 2^e exactly, m < 2^53. */
    uint64_t m = biased == 0 ? fraction : fraction | UINT64_C(1) << 52;
    int e = biased == 0 ? -1074 : biased - 1075;
    if (e >= 0) {
        if (e <= 11)
            put_u64(s, m << e, 1);
        else
            put_big(s, m, e);
        put(s, '.');
        put(s, '0'), put(s, '0'), put(s, '0');
        return;
    }
    /* n = v * 1000 rounded half-even: m * 1000 < 2^63 is exact, and so is the shift. */
    int k = -e;
    uint64_t scaled = m * 1000u, n;
    if (k >= 64) {
        n = 0; /* below 2^-11 / 1000 * ...: far less than half of 0.001 */
    } else {
        n = scaled >> k;
        uint64_t rest = scaled & ((UINT64_C(1) << k) - 1), half = UINT64_C(1) << (k - 1);
        if (rest > half || (rest == half && (n & 1) != 0))
            n++;
    }
    put_u64(s, n / 1000, 1);
    put(s, '.');
    put_u64(s, n % 1000, 3);
}

int snprintf(char *buf, size_t cap, const char *format, ...)
{
    sink s = { buf, cap, 0 };
    va_list args;
    va_start(args, format);
    for (const char *f = format; *f != '\0'; f++) {
        if (*f != '%') {
            put(&s, *f);
        } else if (f[1] == 's') {
            for (const char *text = va_arg(args, const char *); *text != '\0'; text++)
                put(&s, *text);
            f += 1;
        } else if (f[1] == 'l' && f[2] == 'l' && f[3] == 'u') {
            put_u64(&s, va_arg(args, unsigned long long), 1);
            f += 3;
        } else if (f[1] == '.' && f[2] == '3' && f[3] == 'f') {
            put_fixed3(&s, va_arg(args, double));
            f += 3;
        } else {
            put(&s, *f); /* a conversion this shim does not know is printed as is */
        }
    }
    va_end(args);
    if (cap > 0)
        buf[s.len < cap ? s.len : cap - 1] = '\0';
    return (int)s.len;
}
