package io.tempos.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ReplyRoutesTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2000);

    @Test
    void resultGoesToTheSenderOfItsEventOnce() {
        ReplyRoutes routes = new ReplyRoutes(4);
        routes.record(1, A);
        routes.record(2, B);

        assertThat(routes.take(2)).isEqualTo(B);
        assertThat(routes.take(2)).as("taken").isNull();
        assertThat(routes.take(3)).as("never recorded (forged)").isNull();
        assertThat(routes.take(1)).isEqualTo(A);
    }

    @Test
    void boundedToItsCapacityForgettingTheOldest() {
        ReplyRoutes routes = new ReplyRoutes(3);
        for (long id = 0; id < 10; id++) {
            routes.record(id, id % 2 == 0 ? A : B);
        }

        assertThat(routes.size()).isEqualTo(3);
        assertThat(routes.take(6)).as("forgotten").isNull();
        assertThat(routes.take(7)).isEqualTo(B);
        assertThat(routes.take(9)).isEqualTo(B);
    }
}
