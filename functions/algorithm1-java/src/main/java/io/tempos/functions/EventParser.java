package io.tempos.functions;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Finds the {@code "message"} and {@code "pattern"} string fields of an Algorithm 1 event (a
 * UTF-8 JSON object) in place, without a JSON library and without copying escape-free strings.
 *
 * <p>The rules are those of the C version ({@code algorithm1-c/src/algorithm1.c}), so that both
 * accept and reject the same payloads: fields in any order, other fields ignored (their
 * objects and arrays are skipped by bracket depth, not checked inside), the last of duplicate
 * fields wins, only whitespace after the object; escapes are checked, {@code \}{@code uXXXX}
 * decodes to UTF-8 (surrogate pairs joined, lone surrogates to U+FFFD).
 */
final class EventParser {

    /** A JSON string's bytes between its quotes; {@code escaped} if it must be decoded. */
    record Span(int start, int end, boolean escaped) {}

    /** The two fields of one event. */
    record Fields(Span message, Span pattern) {}

    private static final byte[] MESSAGE = {'m', 'e', 's', 's', 'a', 'g', 'e'};
    private static final byte[] PATTERN = {'p', 'a', 't', 't', 'e', 'r', 'n'};

    // For nextQuoteOrBackslash: a byte[] read as longs, and each searched byte in all 8 lanes.
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x0101010101010101L * '"';
    private static final long BACKSLASHES = 0x0101010101010101L * '\\';

    private final byte[] in;
    private int pos;

    private EventParser(byte[] in) {
        this.in = in;
    }

    /** @throws IllegalArgumentException if the payload is not an object with both string fields */
    static Fields parse(byte[] payload) {
        return new EventParser(payload).object();
    }

    private Fields object() {
        Span message = null;
        Span pattern = null;
        if (!eat('{')) {
            throw malformed("not a JSON object");
        }
        if (!eat('}')) {
            do {
                if (!atQuote()) {
                    throw malformed("expected a field name");
                }
                Span key = string();
                if (!eat(':')) {
                    throw malformed("expected ':'");
                }
                if (is(key, MESSAGE)) {
                    message = stringField("message");
                } else if (is(key, PATTERN)) {
                    pattern = stringField("pattern");
                } else {
                    skipValue();
                }
            } while (eat(','));
            if (!eat('}')) {
                throw malformed("expected ',' or '}'");
            }
        }
        skipWhitespace();
        if (pos != in.length) {
            throw malformed("unexpected data after the object");
        }
        if (message == null || pattern == null) {
            String missing = message != null ? "\"pattern\""
                    : pattern != null ? "\"message\"" : "\"message\" and \"pattern\"";
            throw new IllegalArgumentException("malformed event: missing string field " + missing);
        }
        return new Fields(message, pattern);
    }

    private Span stringField(String name) {
        if (!atQuote()) {
            throw malformed("field \"" + name + "\" is not a string");
        }
        return string();
    }

    private void skipWhitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    /** Skips whitespace, then consumes {@code c} if it comes next. */
    private boolean eat(char c) {
        skipWhitespace();
        if (pos < in.length && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean atQuote() {
        skipWhitespace();
        return pos < in.length && in[pos] == '"';
    }

    /** Reads the string at the current quote, checking its escapes so that decode can trust them. */
    private Span string() {
        int start = ++pos;
        boolean escaped = false;
        while ((pos = nextQuoteOrBackslash(pos)) < in.length) {
            if (in[pos] == '"') {
                return new Span(start, pos++, escaped);
            }
            escaped = true;
            if (pos + 1 >= in.length) {
                break;
            }
            switch (in[pos + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
                case 'u' -> {
                    if (pos + 6 > in.length || hex4(in, pos + 2) < 0) {
                        throw malformed("invalid \\u escape");
                    }
                    pos += 6;
                }
                default -> throw malformed("invalid escape");
            }
        }
        throw malformed("unterminated string");
    }

    /**
     * The index of the first quote or backslash at or after p, or in.length if none. Strings
     * are mostly long runs of plain bytes, so this tests 8 bytes at a time ("SWAR"): the JVM's
     * stand-in for the vectorised memchr of the C version.
     */
    private int nextQuoteOrBackslash(int p) {
        for (; p + Long.BYTES <= in.length; p += Long.BYTES) {
            long w = (long) LONGS.get(in, p);
            long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
            if (hits != 0) {
                return p + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        while (p < in.length && in[p] != '"' && in[p] != '\\') {
            p++;
        }
        return p;
    }

    /** The high bit of every zero byte of w set, all other bits clear (exact, no carries). */
    private static long zeroBytes(long w) {
        return ~(((w & LOW7) + LOW7) | w | LOW7);
    }

    /** Skips the value of a field the function does not use. */
    private void skipValue() {
        skipWhitespace();
        if (pos == in.length) {
            throw malformed("expected a value");
        }
        switch (in[pos]) {
            case '"' -> string();
            case '{', '[' -> {
                // Only the depth is tracked; strings are skipped whole so their brackets don't count.
                int depth = 0;
                while (pos < in.length) {
                    byte c = in[pos];
                    if (c == '"') {
                        string();
                        continue;
                    }
                    pos++;
                    if (c == '{' || c == '[') {
                        depth++;
                    } else if ((c == '}' || c == ']') && --depth == 0) {
                        return;
                    }
                }
                throw malformed("unterminated object or array");
            }
            default -> {
                // A number, true, false or null: one token up to the next delimiter.
                int start = pos;
                while (pos < in.length && in[pos] != ',' && in[pos] != '}' && in[pos] != ']'
                        && in[pos] != ' ' && in[pos] != '\t' && in[pos] != '\n' && in[pos] != '\r') {
                    pos++;
                }
                if (pos == start) {
                    throw malformed("expected a value");
                }
            }
        }
    }

    private boolean is(Span key, byte[] name) {
        return key.escaped()
                ? Arrays.equals(bytes(in, key), name)
                : Arrays.equals(in, key.start(), key.end(), name, 0, name.length);
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed event at byte " + pos + ": " + what);
    }

    /** The decoded bytes of a span (a copy). */
    static byte[] bytes(byte[] in, Span s) {
        if (!s.escaped()) {
            return Arrays.copyOfRange(in, s.start(), s.end());
        }
        byte[] out = new byte[s.end() - s.start()]; // decoding never lengthens a string
        int n = 0;
        for (int p = s.start(); p < s.end(); ) {
            byte c = in[p++];
            if (c != '\\') {
                out[n++] = c;
                continue;
            }
            byte e = in[p++];
            switch (e) {
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'u' -> {
                    int cp = hex4(in, p);
                    p += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF
                            && s.end() - p >= 6 && in[p] == '\\' && in[p + 1] == 'u') {
                        int low = hex4(in, p + 2);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            p += 6;
                        }
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        cp = 0xFFFD;
                    }
                    n = utf8(cp, out, n);
                }
                default -> out[n++] = e; // \" \\ \/
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int utf8(int cp, byte[] out, int n) {
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xC0 | cp >> 6);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out[n++] = (byte) (0xE0 | cp >> 12);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            out[n++] = (byte) (0xF0 | cp >> 18);
            out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    /** The value of 4 hex digits at p, or -1 if one is not a hex digit. */
    private static int hex4(byte[] in, int p) {
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            int d = Character.digit(in[i], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
