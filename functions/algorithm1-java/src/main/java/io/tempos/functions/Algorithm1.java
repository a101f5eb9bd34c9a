package io.tempos.functions;

import io.tempos.api.Function;
import io.tempos.functions.EventParser.Fields;
import io.tempos.functions.EventParser.Span;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Algorithm 1 of the TEMPOS paper, the JVM twin of {@code algorithm1-c}: same event, same rules,
 * same output bytes.
 *
 * <p>Event: a UTF-8 JSON object with string fields {@code "message"} and {@code "pattern"}.
 * {@code occur} is the number of non-overlapping occurrences of pattern in message, left to
 * right, compared on the decoded UTF-8 bytes (an empty pattern occurs 0 times); then
 * {@code res} sums {@code i*i} for even and {@code sqrt(i)} for odd {@code i} in
 * {@code [0, occur)}. Result: {@code {"occurrences":N,"result":R}}, R with 3 decimals.
 *
 * <p>Built for speed: the fields are found in place in the payload (no JSON library) and
 * counted on the bytes; only strings with escapes are decoded into a copy. Stateless, so one
 * instance serves all worker threads.
 */
public final class Algorithm1 implements Function {

    /** @throws IllegalArgumentException if the payload is not a valid event */
    @Override
    public byte[] apply(byte[] payload) {
        Fields f = EventParser.parse(payload);
        int occur = countOccurrences(payload, f.message(), f.pattern());
        String out = "{\"occurrences\":" + occur + ",\"result\":" + format3(algorithm1(occur)) + "}";
        return out.getBytes(StandardCharsets.US_ASCII);
    }

    private static int countOccurrences(byte[] payload, Span message, Span pattern) {
        if (!message.escaped() && !pattern.escaped()) {
            return count(payload, message.start(), message.end(), payload, pattern.start(), pattern.end());
        }
        byte[] m = EventParser.bytes(payload, message);
        byte[] p = EventParser.bytes(payload, pattern);
        return count(m, 0, m.length, p, 0, p.length);
    }

    /**
     * Non-overlapping occurrences of needle[nFrom, nTo) in hay[from, to), left to right. Tests
     * the first byte, then compares the rest inline: with a short pattern, a call per candidate
     * (Arrays.equals) costs more than the comparison itself.
     */
    static int count(byte[] hay, int from, int to, byte[] needle, int nFrom, int nTo) {
        int n = nTo - nFrom;
        if (n == 0) {
            return 0;
        }
        byte first = needle[nFrom];
        int count = 0;
        int i = from;
        int last = to - n;
        while (i <= last) {
            if (hay[i] != first) {
                i++;
                continue;
            }
            int k = 1;
            while (k < n && hay[i + k] == needle[nFrom + k]) {
                k++;
            }
            if (k == n) {
                count++;
                i += n;
            } else {
                i++;
            }
        }
        return count;
    }

    /** The paper's loop; the same operations in the same order as in C, so the same double. */
    static double algorithm1(int occur) {
        double res = 0.0;
        for (int i = 0; i < occur; i++) {
            if (i % 2 == 0) {
                res += (double) i * i;
            } else {
                res += Math.sqrt(i);
            }
        }
        return res;
    }

    /**
     * {@code r} with 3 decimals exactly as C's {@code printf("%.3f")}: the exact binary value,
     * rounded half-even. Not {@code String.format("%.3f")}, which rounds the shortest decimal
     * form half-up and so differs now and then (1.0005 is 1.000499... in binary: C prints
     * 1.000, String.format 1.001; for 0.0625 C prints 0.062, String.format 0.063).
     */
    static String format3(double r) {
        return new BigDecimal(r).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
