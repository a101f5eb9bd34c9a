package io.tempos.trigger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of MQTT 3.1.1 section 4.7. */
class MqttTopicFilterTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "sport/tennis/player1/#, sport/tennis/player1, true",
            "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
            "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
            "sport/#, sport, true",
            "#, anything/at/all, true",
            "hotel/doors/+, hotel/doors/101, true",
            "hotel/doors/+, hotel/doors/101/lock, false",
            "hotel/doors/+, hotel/doors, false",
            "hotel/+/lock, hotel/101/lock, true",
            "+/+, /finance, true",
            "/+, /finance, true",
            "+, /finance, false",
            "hotel/doors, hotel/doors, true",
            "hotel/doors, hotel/Doors, false",
            "#, $SYS/broker/uptime, false",
            "+/broker/uptime, $SYS/broker/uptime, false",
            "$SYS/#, $SYS/broker/uptime, true",
    })
    void filtersMatchAsTheSpecificationSays(String filter, String topic, boolean matches) {
        assertThat(MqttTopicFilter.matches(filter, topic)).isEqualTo(matches);
    }
}
