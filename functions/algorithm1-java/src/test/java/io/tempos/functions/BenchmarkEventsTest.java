package io.tempos.functions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempos.functions.BenchmarkEvents.Event;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class BenchmarkEventsTest {

    static final Event[] EVENTS = {BenchmarkEvents.STANDARD, BenchmarkEvents.HEAVY};

    /** The committed files are reproducible: benchmarks in other places can regenerate them. */
    @ParameterizedTest
    @FieldSource("EVENTS")
    void committedFileIsWhatTheGeneratorProduces(Event e) throws IOException {
        String committed = Files.readString(Algorithm1Test.TESTDATA.resolve(e.file()), UTF_8);
        assertThat(committed).isEqualTo(BenchmarkEvents.json(e));
    }

    @ParameterizedTest
    @FieldSource("EVENTS")
    void hasTheAdvertisedSizeAndCount(Event e) throws IOException {
        byte[] payload = Files.readAllBytes(Algorithm1Test.TESTDATA.resolve(e.file()));
        assertThat((double) payload.length).isCloseTo(e.size(), within(e.size() * 0.01));
        assertThat(new String(new Algorithm1().apply(payload), UTF_8))
                .startsWith("{\"occurrences\":" + e.occurrences() + ",");
    }
}
