package io.tempos.core.event;

import io.tempos.core.testing.TryTimeout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@AddLifecycleHook(TryTimeout.class)
class ScratchJqwikTest {
    @Property(tries = 50)
    void passes(@ForAll int x) {
        assertThat(x + 0).isEqualTo(x);
    }

    @Property(tries = 5)
    void hangs(@ForAll int x) {
        while (true) { Thread.onSpinWait(); }
    }

    @Property(tries = 50)
    void fails(@ForAll int x) {
        assertThat(x).isLessThan(1000);
    }

    @Test
    void jupiterHangs() {
        while (true) { Thread.onSpinWait(); }
    }
}
