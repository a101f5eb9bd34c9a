package io.tempos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The load the demo drives: a duration and one paced flow per workflow, read from a TOML file
 * such as {@code examples/hotel/load.toml}. Payload paths are relative to that file.
 */
public record LoadProfile(int durationS, List<Flow> flows) {

    /** One workflow's paced flow of events. */
    public record Flow(String workflow, int ratePerS, byte[] payload) {
    }

    public static LoadProfile load(Path file) throws IOException {
        JsonNode root = new TomlMapper().readTree(file.toFile());
        List<String> problems = new ArrayList<>();
        int duration = root.path("duration-s").asInt(20);
        List<Flow> flows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("flows").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> flow = it.next();
            String path = "flows." + flow.getKey();
            int rate = flow.getValue().path("rate-per-s").asInt(0);
            if (rate < 1 || rate > 1_000_000) {
                problems.add(path + ".rate-per-s: must be an integer in 1..1000000");
            }
            String payload = flow.getValue().path("payload").asText("");
            Path payloadFile = file.toAbsolutePath().getParent().resolve(payload);
            if (payload.isEmpty() || !Files.isRegularFile(payloadFile)) {
                problems.add(path + ".payload: no file at " + payloadFile);
                continue;
            }
            flows.add(new Flow(flow.getKey(), rate, Files.readAllBytes(payloadFile)));
        }
        if (flows.isEmpty() && problems.isEmpty()) {
            problems.add("flows: at least one [flows.<workflow>] table is required");
        }
        if (!problems.isEmpty()) {
            throw new IOException(file + ": " + String.join("; ", problems));
        }
        return new LoadProfile(duration, List.copyOf(flows));
    }

    public LoadProfile withDuration(int seconds) {
        return new LoadProfile(seconds, flows);
    }
}
