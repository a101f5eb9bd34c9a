package io.tempos.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code [workflows.X]} tables for the test deployment. Brokers and triggers never load a function, but
 * the deployment requires an existing artifact: {@link #ARTIFACT}, created in the base directory.
 */
public final class Workflows {

    public static final String STRICT = "strict";
    public static final String BEST_EFFORT = "best-effort";
    public static final String ARTIFACT = "function.so";
    /** Workflow {@code lock} on the strict level and {@code bulk} on best-effort: what most component tests send to. */
    public static final String LOCK_AND_BULK = workflow("lock", STRICT) + workflow("bulk", BEST_EFFORT);

    private Workflows() {
    }

    /** A DLF workflow of {@code level} on the base deployment's topic of that level. */
    public static String workflow(String name, String level) {
        return """
                [workflows.%s]
                level = "%s"
                topic = "%s"
                method = "dlf"
                artifact = "%s"
                """.formatted(name, level, level.equals(STRICT) ? "sq" : "bq", ARTIFACT);
    }

    /** Creates the artifact every workflow of {@link #workflow} names, in {@code dir}. */
    public static Path createArtifact(Path dir) {
        try {
            Path file = dir.resolve(ARTIFACT);
            if (!Files.exists(file)) {
                Files.write(file, new byte[]{0x7f, 'E', 'L', 'F'});
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
