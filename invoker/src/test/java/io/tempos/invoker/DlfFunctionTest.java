package io.tempos.invoker;

import io.tempos.functions.Algorithm1;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DLF method against the C Algorithm 1, byte for byte against its Java twin. */
@Timeout(30)
class DlfFunctionTest {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment output = arena.allocate(LevelWorker.OUTPUT_BUFFER_BYTES);

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {true, false})
    void the1k5EventGives100OccurrencesAndTheJavaTwinsBytes(boolean warm) throws Exception {
        byte[] event = Artifacts.event1k5();
        try (FunctionInvocation function = load(warm, "tempos_main")) {
            byte[] result = invoke(function, event);

            assertThat(new String(result, StandardCharsets.US_ASCII)).startsWith("{\"occurrences\":100,");
            assertThat(result).isEqualTo(new Algorithm1().apply(event));
        }
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {true, false})
    void the16kEventMatchesTheJavaTwin(boolean warm) throws Exception {
        byte[] event = Artifacts.event16k();
        try (FunctionInvocation function = load(warm, "tempos_main")) {
            assertThat(invoke(function, event)).isEqualTo(new Algorithm1().apply(event));
        }
    }

    /** Every case of functions/testdata/algorithm1-vectors.txt, through the warm handle. */
    @Test
    void everySharedTestVectorGivesItsExpectedBytes() throws Exception {
        List<String[]> cases = vectors();
        assertThat(cases).isNotEmpty();
        try (FunctionInvocation function = load(true, "tempos_main")) {
            for (String[] vector : cases) {
                byte[] input = vector[1].startsWith("@") ? Artifacts.testData(vector[1].substring(1))
                        : vector[1].getBytes(StandardCharsets.UTF_8);
                if (vector[0].equals("error")) {
                    assertThatThrownBy(() -> invoke(function, input)).as(vector[1])
                            .isInstanceOf(FunctionFailure.class).hasMessageContaining("returned -1 (malformed input)");
                } else {
                    assertThat(new String(invoke(function, input), StandardCharsets.UTF_8)).as(vector[1]).isEqualTo(vector[0]);
                }
            }
        }
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {true, false})
    void malformedJsonFailsWithMinusOne(boolean warm) {
        try (FunctionInvocation function = load(warm, "tempos_main")) {
            assertThatThrownBy(() -> invoke(function, "{\"message\": ".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FunctionFailure.class)
                    .hasMessage("tempos_main in " + Artifacts.algorithm1Library() + " returned -1 (malformed input)");
        }
    }

    @Test
    void aTooSmallOutputBufferFailsWithMinusTwo() {
        try (FunctionInvocation function = load(true, "tempos_main")) {
            MemorySegment input = arena.allocateFrom(ValueLayout.JAVA_BYTE, Artifacts.event1k5());
            assertThatThrownBy(() -> function.invoke(input, arena.allocate(8), Deadline.unwatched(10_000_000_000L)))
                    .isInstanceOf(FunctionFailure.class).hasMessageEndingWith("returned -2 (output buffer too small)");
        }
    }

    @Test
    void anEmptyPayloadIsMalformedInput() {
        try (FunctionInvocation function = load(true, "tempos_main")) {
            assertThatThrownBy(() -> function.invoke(arena.allocate(0), output, Deadline.unwatched(10_000_000_000L)))
                    .isInstanceOf(FunctionFailure.class).hasMessageContaining("-1 (malformed input)");
        }
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {true, false})
    void aMissingSymbolIsRefusedAtLoadWithTheLoadersText(boolean warm) {
        assertThatThrownBy(() -> load(warm, "no_such_entry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dlsym failed: ")
                .hasMessageContaining("undefined symbol: no_such_entry");
    }

    @ParameterizedTest(name = "warm={0}")
    @ValueSource(booleans = {true, false})
    void aMissingLibraryIsRefusedAtLoadWithTheLoadersText(boolean warm) {
        String missing = Artifacts.algorithm1Library().resolveSibling("libnothing.so").toString();
        assertThatThrownBy(() -> load(missing, warm, "tempos_main"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dlopen failed: ")
                .hasMessageContaining("libnothing.so");
    }

    @Test
    void aFileThatIsNotALibraryIsRefused(@TempDir Path dir) throws Exception {
        Path notElf = Files.writeString(dir.resolve("libfake.so"), "not an ELF file");
        assertThatThrownBy(() -> WarmDlfFunction.load(notElf.toString(), "tempos_main"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dlopen failed: ");
    }

    @Test
    void manyColdCallsOpenAndCloseTheLibraryEachTime() throws Exception {
        byte[] event = Artifacts.event1k5();
        byte[] expected = new Algorithm1().apply(event);
        try (FunctionInvocation function = load(false, "tempos_main")) {
            for (int i = 0; i < 200; i++) {
                assertThat(invoke(function, event)).isEqualTo(expected);
            }
        }
    }

    private static FunctionInvocation load(boolean warm, String entry) {
        return load(Artifacts.algorithm1Library().toString(), warm, entry);
    }

    private static FunctionInvocation load(String library, boolean warm, String entry) {
        return warm ? WarmDlfFunction.load(library, entry) : ColdDlfFunction.load(library, entry);
    }

    private byte[] invoke(FunctionInvocation function, byte[] payload) throws FunctionFailure {
        MemorySegment input = arena.allocateFrom(ValueLayout.JAVA_BYTE, payload);
        long written = function.invoke(input, output, Deadline.unwatched(10_000_000_000L));
        return output.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
    }

    /** {expected, input} per case; the format is described at the top of the file. */
    private static List<String[]> vectors() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Artifacts.testDataDir().resolve("algorithm1-vectors.txt"), StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            cases.add(new String[] {line.substring(0, space), line.substring(space + 1)});
        }
        return cases;
    }
}
