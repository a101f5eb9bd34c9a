package io.tempos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.testing.TestDeployments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one benchmark run left for its test to read: the progress it printed, its JSON results
 * and its HTML report, each read back from the files the benchmark itself wrote.
 */
record BenchOutputs(String console, JsonNode json, String html) {

    private static final Path ROOT = TestDeployments.repositoryRoot();
    /** Algorithm 1 as the shared library the C function's build leaves. */
    static final Path FUNCTION = ROOT.resolve("functions/algorithm1-c/target/libalgorithm1.so");
    /** The event every flow sends. */
    static final Path EVENT = ROOT.resolve("functions/testdata/event-1k5-100.json");

    /** A benchmark told where to write its JSON and its report, printing its progress to {@code out}. */
    @FunctionalInterface
    interface Run {
        void run(Path jsonFile, Path reportFile, PrintStream out) throws Exception;
    }

    /** Runs {@code run} with its files {@code name}.json and {@code name}.html in {@code dir}, then reads them. */
    static BenchOutputs of(Path dir, String name, Run run) throws Exception {
        Path jsonFile = dir.resolve(name + ".json");
        Path reportFile = dir.resolve(name + ".html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run.run(jsonFile, reportFile, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new BenchOutputs(out.toString(StandardCharsets.UTF_8), DeliveryResults.JSON.readTree(jsonFile.toFile()),
                Files.readString(reportFile));
    }
}
