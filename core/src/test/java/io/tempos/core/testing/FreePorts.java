package io.tempos.core.testing;

import io.tempos.core.net.LoopbackPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Ports free for both TCP and UDP on loopback, below the kernel's ephemeral range (see
 * {@link LoopbackPorts}), never the same one twice in a JVM.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try {
                port = LoopbackPorts.take(1)[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port found on loopback that this JVM has not handed out"));
    }
}
