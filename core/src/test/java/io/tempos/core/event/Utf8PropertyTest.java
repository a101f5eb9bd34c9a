package io.tempos.core.event;

import io.tempos.core.testing.TryTimeout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-place UTF-8 check accepts exactly what the JDK's strict decoder accepts. */
@AddLifecycleHook(TryTimeout.class)
class Utf8PropertyTest {

    @Property(tries = 3000)
    void agreesWithTheJdkDecoder(@ForAll("nameLikeBytes") byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 3);
        buffer.put(3, bytes);   // not at offset 0, as in a frame

        assertThat(Utf8.isValid(buffer, 3, bytes.length)).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    @Property(tries = 500)
    void acceptsEveryEncodedString(@ForAll String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // getBytes replaces lone surrogates with '?', so every result is valid UTF-8.
        assertThat(Utf8.isValid(ByteBuffer.wrap(bytes), 0, bytes.length)).isTrue();
    }

    /** Mostly the lead bytes and continuation bytes where the rules are subtle, some random bytes. */
    @Provide
    Arbitrary<byte[]> nameLikeBytes() {
        Arbitrary<Byte> edgy = Arbitraries.of((byte) 0x41, (byte) 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1,
                (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5,
                (byte) 0xFF, (byte) 0x9F, (byte) 0xA0, (byte) 0x8F, (byte) 0x90);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, edgy), net.jqwik.api.Tuple.of(1, any))
                .array(byte[].class).ofMinSize(0).ofMaxSize(8);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
