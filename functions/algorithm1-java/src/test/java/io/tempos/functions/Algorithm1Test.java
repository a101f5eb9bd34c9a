package io.tempos.functions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Algorithm1Test {

    /** functions/testdata, shared with the C test; Maven passes it, an IDE runs from the module. */
    static final Path TESTDATA = Path.of(System.getProperty("tempos.testdata", "../testdata"));

    private final Algorithm1 function = new Algorithm1();

    /** One case of algorithm1-vectors.txt (the file explains its format). */
    record Vector(int line, String expected, byte[] input, String text) {
        @Override
        public String toString() {
            return "line " + line + ": " + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
        }
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        List<String> lines = Files.readAllLines(TESTDATA.resolve("algorithm1-vectors.txt"), UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String input = line.substring(space + 1);
            byte[] bytes = input.startsWith("@")
                    ? Files.readAllBytes(TESTDATA.resolve(input.substring(1)))
                    : input.getBytes(UTF_8);
            vectors.add(new Vector(i + 1, line.substring(0, space), bytes, input));
        }
        return vectors;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void matchesTheSharedVectors(Vector v) {
        if (v.expected().equals("error")) {
            assertThatThrownBy(() -> function.apply(v.input())).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(new String(function.apply(v.input()), UTF_8)).isEqualTo(v.expected());
        }
    }

    @Test
    void rejectsEveryTruncatedEvent() throws IOException {
        for (Vector v : vectors()) {
            if (!v.expected().equals("error") && v.input().length < 1000) {
                for (int len = 0; len < v.input().length; len++) {
                    byte[] prefix = Arrays.copyOf(v.input(), len);
                    assertThatThrownBy(() -> function.apply(prefix))
                            .as("%s cut to %d bytes", v, len)
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"message":"abc"}               | missing string field "pattern"
            {"pattern":"a"}                 | missing string field "message"
            {}                              | missing string field "message" and "pattern"
            {"message":1,"pattern":"a"}     | field "message" is not a string
            {"message":"a","pattern":null}  | field "pattern" is not a string
            ["message","pattern"]           | not a JSON object
            {"message":"a\\x","pattern":"a"} | invalid escape
            """)
    void errorsSayWhatIsWrong(String payload, String message) {
        assertThatThrownBy(() -> function.apply(payload.getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> function.apply(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    /** The values were printed by C's printf("%.3f") (glibc), including ties and near-ties. */
    @ParameterizedTest
    @CsvSource({
        "0.0, 0.000", "2.5, 2.500", "1.0005, 1.000", "0.0005, 0.001", "0.0015, 0.002",
        "0.0625, 0.062", "2.0625, 2.062", "123456789.0125, 123456789.013",
        "1e20, 100000000000000000000.000",
    })
    void formatsLikeCPrintf(double value, String printed) {
        assertThat(Algorithm1.format3(value)).isEqualTo(printed);
    }

    /**
     * Random events, with random escaping, against a straightforward computation on Java strings:
     * String.indexOf for the count, the paper's loop for the result.
     */
    @Test
    void agreesWithAStraightforwardReference() {
        String[] alphabet = {"a", "b", "ab", "é", "€", "😀", "\"", "\\", "/", "\n", " "};
        Pattern output = Pattern.compile("\\{\"occurrences\":(\\d+),\"result\":(\\d+\\.\\d{3})}");
        Random random = new Random(20240611);
        for (int n = 0; n < 3000; n++) {
            String message = randomText(random, alphabet, random.nextInt(300));
            String pattern = randomText(random, alphabet, random.nextInt(4));
            String m = quote(random, message);
            String p = quote(random, pattern);
            String json = random.nextBoolean()
                    ? "{\"message\":" + m + ",\"pattern\":" + p + "}"
                    : "{ \"pattern\" : " + p + ", \"x\": [1, {\"y\": \"}\"}], \"message\": " + m + " }";

            int occur = 0;
            if (!pattern.isEmpty()) {
                int at = message.indexOf(pattern);
                while (at >= 0) {
                    occur++;
                    at = message.indexOf(pattern, at + pattern.length());
                }
            }
            double res = 0.0;
            for (int i = 0; i < occur; i++) {
                res += i % 2 == 0 ? (double) i * i : Math.sqrt(i);
            }

            Matcher out = output.matcher(new String(function.apply(json.getBytes(UTF_8)), UTF_8));
            assertThat(out.matches()).as(json).isTrue();
            assertThat(Integer.parseInt(out.group(1))).as(json).isEqualTo(occur);
            assertThat(new BigDecimal(out.group(2)).subtract(new BigDecimal(res)).abs())
                    .as(json).isLessThanOrEqualTo(new BigDecimal("0.0005"));
        }
    }

    private static String randomText(Random random, String[] alphabet, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    /** A JSON string literal; optional escapes are used at random, to exercise the decoder. */
    private static String quote(Random random, String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '/' -> sb.append(random.nextBoolean() ? "\\/" : "/");
                default -> {
                    if (c > 0x7F && random.nextBoolean()) {
                        for (char unit : Character.toChars(c)) { // a surrogate pair beyond the BMP
                            sb.append(String.format("\\u%04x", (int) unit));
                        }
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
