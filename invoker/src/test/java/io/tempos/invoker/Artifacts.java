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

    static Path algorithm1Executable() {
        return built("functions/algorithm1-c/target/algorithm1");
    }

    static Path algorithm1Worker() {
        return built("functions/algorithm1-c/target/algorithm1-worker");
    }

    /** Built by clang + lld, which CI installs; the message says so when they were missing. */
    static Path algorithm1Wasm() {
        return built("functions/algorithm1-wasm/target/algorithm1.wasm",
                "clang and lld build it (apt-get install clang lld), then rebuild the functions");
    }

    static Path python(String script) {
        return built("functions/algorithm1-python/target/" + script);
    }

    static Path node(String script) {
        return built("functions/algorithm1-node/target/" + script);
    }

    /** The Rust executable, or null when the build had no rustc (it then printed a notice). */
    static Path rustOrNull() {
        Path path = TestDeployments.repositoryRoot().resolve("functions/algorithm1-rust/target/algorithm1");
        return Files.isExecutable(path) ? path : null;
    }

    /** A program of src/test/c built into target/test-native: hostile, hostile-worker, libhostile.so. */
    static Path testNative(String name) {
        return built("invoker/target/test-native/" + name);
    }

    /** A script of src/test/scripts. */
    static Path testScript(String name) {
        return built("invoker/src/test/scripts/" + name);
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
        return built(relative, "build the functions first (mvn -f functions/pom.xml install)");
    }

    private static Path built(String relative, String how) {
        Path path = TestDeployments.repositoryRoot().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("no " + path + ": " + how);
        }
        return path;
    }
}
