package io.tempos.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Single-threaded contract of {@link BoundedQueue}: exact capacity, FIFO order, return codes. */
class BoundedQueueTest {

    /** Powers of two, their neighbours and odd sizes: the ring is rounded up, the bound must not be. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 63, 64, 65, 100, 1000, 1024, 1025})
    void holdsExactlyItsCapacity(int capacity) {
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        assertThat(queue.capacity()).isEqualTo(capacity);

        for (int i = 0; i < capacity; i++) {
            assertThat(queue.offer(i)).as("offer %d of %d", i + 1, capacity).isTrue();
        }
        assertThat(queue.size()).isEqualTo(capacity);
        assertThat(queue.offer(-1)).as("offer beyond capacity %d", capacity).isFalse();
        assertThat(queue.offer(-2)).isFalse();
        assertThat(queue.size()).isEqualTo(capacity);

        // One out makes room for exactly one in, also after the tail wrapped around the ring.
        for (int round = 0; round < 3 * capacity + 5; round++) {
            assertThat(queue.poll()).isNotNull();
            assertThat(queue.offer(round)).isTrue();
            assertThat(queue.offer(-3)).as("round %d", round).isFalse();
            assertThat(queue.size()).isEqualTo(capacity);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64, 100})
    void pollsInOfferOrderAcrossManyWrapArounds(int capacity) {
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        List<Integer> out = new ArrayList<>();
        int next = 0;
        // Uneven batches so that head and tail meet every cell of the ring at every fill level.
        for (int batch = 1; next < 20_000; batch = batch % (capacity + 1) + 1) {
            for (int i = 0; i < batch && queue.offer(next); i++) {
                next++;
            }
            for (int i = 0; i < (batch + 1) / 2; i++) {
                Integer e = queue.poll();
                if (e != null) {
                    out.add(e);
                }
            }
        }
        for (Integer e = queue.poll(); e != null; e = queue.poll()) {
            out.add(e);
        }
        assertThat(out).hasSize(next);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i)).isEqualTo(i);
        }
    }

    @Test
    void pollReturnsNullWhenEmpty() {
        BoundedQueue<String> queue = new BoundedQueue<>(5);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();

        queue.offer("a");
        queue.offer("b");
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll()).isNull();
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void sizeCountsQueuedElements() {
        BoundedQueue<Integer> queue = new BoundedQueue<>(6);
        for (int i = 1; i <= 6; i++) {
            queue.offer(i);
            assertThat(queue.size()).isEqualTo(i);
        }
        for (int i = 5; i >= 0; i--) {
            queue.poll();
            assertThat(queue.size()).isEqualTo(i);
        }
    }

    @Test
    void refusesCapacitiesOutsideItsRange() {
        assertThatThrownBy(() -> new BoundedQueue<>(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 0");
        assertThatThrownBy(() -> new BoundedQueue<>(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity -1");
        assertThatThrownBy(() -> new BoundedQueue<>((1 << 30) + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..2^30");
    }
}
