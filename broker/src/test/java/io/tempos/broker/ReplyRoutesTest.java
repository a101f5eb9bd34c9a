package io.tempos.broker;

import io.tempos.core.channel.ReceiveChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ReplyRoutesTest {

    /** A reply handle that is just a name, as a datagram's is an address. */
    private static final class Named implements ReceiveChannel.ReplyTo {
        String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public void copyFrom(ReceiveChannel.ReplyTo other) {
            name = ((Named) other).name;
        }
    }

    private static final Named A = new Named("a");
    private static final Named B = new Named("b");

    private static String take(ReplyRoutes routes, long eventId) {
        Named into = new Named(null);
        return routes.take(eventId, into) ? into.name : null;
    }

    @Test
    void resultGoesToTheSenderOfItsEventOnce() {
        ReplyRoutes routes = new ReplyRoutes(4, () -> new Named(null));
        routes.record(1, A);
        routes.record(2, B);

        assertThat(take(routes, 2)).isEqualTo("b");
        assertThat(take(routes, 2)).as("taken").isNull();
        assertThat(take(routes, 3)).as("never recorded (forged)").isNull();
        assertThat(take(routes, 1)).isEqualTo("a");
    }

    @Test
    void boundedToItsCapacityForgettingTheOldest() {
        ReplyRoutes routes = new ReplyRoutes(3, () -> new Named(null));
        for (long id = 0; id < 10; id++) {
            routes.record(id, id % 2 == 0 ? A : B);
        }

        assertThat(routes.size()).isEqualTo(3);
        assertThat(take(routes, 6)).as("forgotten").isNull();
        assertThat(take(routes, 7)).isEqualTo("b");
        assertThat(take(routes, 9)).isEqualTo("b");
    }

    @Test
    void aRecordedRouteIsACopyThatLaterReceivesDoNotChange() {
        ReplyRoutes routes = new ReplyRoutes(2, () -> new Named(null));
        Named receiving = new Named("first sender");
        routes.record(5, receiving);
        receiving.name = "next sender";

        assertThat(take(routes, 5)).isEqualTo("first sender");
    }
}
