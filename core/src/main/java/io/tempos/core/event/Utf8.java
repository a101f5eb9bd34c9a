package io.tempos.core.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;

/**
 * Validates UTF-8 in place, without the slice and decoder a {@link CharsetDecoder}
 * needs: what the receive loops call on every frame's names. Accepts exactly what the JDK's
 * strict UTF-8 decoder accepts (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Whether the {@code length} bytes at {@code at} (absolute) are well-formed UTF-8. */
    static boolean isValid(ByteBuffer buffer, int at, int length) {
        int i = at;
        int end = at + length;
        while (i < end) {
            int b0 = buffer.get(i) & 0xFF;
            if (b0 < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int max = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                // E0 needs A0.. (no overlong); ED stops at 9F (no surrogates).
                min = b0 == 0xE0 ? 0xA0 : 0x80;
                max = b0 == 0xED ? 0x9F : 0xBF;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                // F0 needs 90.. (no overlong); F4 stops at 8F (nothing above U+10FFFF).
                min = b0 == 0xF0 ? 0x90 : 0x80;
                max = b0 == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (end - i <= need) {
                return false;
            }
            int b1 = buffer.get(i + 1) & 0xFF;
            if (b1 < min || b1 > max) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int bk = buffer.get(i + k) & 0xFF;
                if (bk < 0x80 || bk > 0xBF) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
