package io.tempos.invoker.testfunctions;

import io.tempos.api.Function;

import java.nio.charset.StandardCharsets;

/**
 * A JVM function that misbehaves on request, packed into a jar by the tests. The payload is the
 * command: {@code throw}, {@code overflow} (StackOverflowError), {@code null} (returns null),
 * {@code huge} (a result larger than the output buffer), {@code sleep} (30 ms), {@code sleep-long}
 * (a minute: its timeout interrupts it), anything else is echoed. One class file with no nested classes, so the jar needs nothing else.
 */
public final class HostileFunction implements Function {

    @Override
    public byte[] apply(byte[] payload) throws Exception {
        String command = new String(payload, StandardCharsets.UTF_8);
        switch (command) {
            case "throw":
                throw new IllegalStateException("asked to throw");
            case "overflow":
                return recurse(payload, 0);
            case "null":
                return null;
            case "huge":
                return new byte[1 << 20];
            case "sleep":
                Thread.sleep(30);
                return payload;
            case "sleep-long":
                Thread.sleep(60_000);
                return payload;
            default:
                return payload;
        }
    }

    private static byte[] recurse(byte[] payload, int depth) {
        byte[] deeper = recurse(payload, depth + 1);
        return deeper.length > depth ? deeper : payload;
    }
}
