package io.tempos.invoker;

import io.tempos.core.testing.TestDeployments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example functions that the build makes in functions/, and their test data. */
final class Artifacts {

    private Artifacts() {
    }

    static Path algorithm1Library() {
        return built("functions/algorithm1-c/target/libalgorithm1.so");
    }

    static Path algorithm1Jar() {
        return built("functions/algorithm1-java/target/algorithm1.jar");
    }

    /** The 1.5 KB event of the paper's benchmark: 100 occurrences of the pattern. */
    static byte[] event1k5() {
        return testData("event-1k5-100.json");
    }

    /** The 16 KB event: 1000 occurrences. */
    static byte[] event16k() {
        return testData("event-16k-1000.json");
    }

    static Path testDataDir() {
        return TestDeployments.repositoryRoot().resolve("functions/testdata");
    }

    static byte[] testData(String name) {
        try {
            return Files.readAllBytes(testDataDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path built(String relative) {
        Path path = TestDeployments.repositoryRoot().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("no " + path + ": build the functions first (mvn -f functions/pom.xml install)");
        }
        return path;
    }
}
