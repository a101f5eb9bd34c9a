package io.tempos.bench;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One method and language of Table 2: Algorithm 1's artifact for it, loaded as a workflow would
 * load it, and the raw limit it is read against.
 *
 * @param method   one of {@link ProcessingBench#METHODS}
 * @param baseline the {@link RawLimit} name of its raw limit
 * @param missing  why it cannot run here (an artifact not built, a tool not on the PATH), or null
 */
record ProcessingSubject(String method, String language, FunctionSpec spec, String baseline, String missing) {

    static final long TIMEOUT_MS = 10_000;
    static final String JAVA_ENTRY = "io.tempos.functions.Algorithm1";

    /** Every subject, in Table 2's order, with artifacts under {@code functions}. */
    static List<ProcessingSubject> all(Path functions) {
        Path c = functions.resolve("algorithm1-c/target");
        Path python = functions.resolve("algorithm1-python/target");
        Path node = functions.resolve("algorithm1-node/target");
        return List.of(
                of("dlf-cold", "c", InvocationMethod.DLF, c.resolve("libalgorithm1.so"), null, false, RawLimit.C_DLOPEN_LOOP, "gcc"),
                of("dlf-warm", "c", InvocationMethod.DLF, c.resolve("libalgorithm1.so"), null, true, RawLimit.C_CACHED_POINTER, "gcc"),
                of("wasm-fresh", "c", InvocationMethod.WASMF, functions.resolve("algorithm1-wasm/target/algorithm1.wasm"), null, false,
                        RawLimit.C_PLAIN_CALL, "clang and wasm-ld"),
                of("wasm-warm", "c", InvocationMethod.WASMF, functions.resolve("algorithm1-wasm/target/algorithm1.wasm"), null, true,
                        RawLimit.C_PLAIN_CALL, "clang and wasm-ld"),
                of("spawn", "c", InvocationMethod.FSPAWN, c.resolve("algorithm1"), null, false, RawLimit.POSIX_SPAWN_C, "gcc"),
                of("spawn", "rust", InvocationMethod.FSPAWN, functions.resolve("algorithm1-rust/target/algorithm1"), null, false,
                        RawLimit.POSIX_SPAWN_RUST, "rustc"),
                of("spawn", "python", InvocationMethod.FSPAWN, python.resolve("algorithm1.py"), null, false, RawLimit.RAW_SPAWN_PYTHON,
                        "python3"),
                of("spawn", "node", InvocationMethod.FSPAWN, node.resolve("algorithm1.js"), null, false, RawLimit.RAW_SPAWN_NODE, "node"),
                of("spawn-persistent", "c", InvocationMethod.FSPAWN, c.resolve("algorithm1-worker"), null, true, RawLimit.POSIX_SPAWN_C, "gcc"),
                of("spawn-persistent", "python", InvocationMethod.FSPAWN, python.resolve("algorithm1_worker.py"), null, true,
                        RawLimit.RAW_SPAWN_PYTHON, "python3"),
                of("spawn-persistent", "node", InvocationMethod.FSPAWN, node.resolve("algorithm1-worker.js"), null, true,
                        RawLimit.RAW_SPAWN_NODE, "node"),
                of("jvm", "java", InvocationMethod.JVM, functions.resolve("algorithm1-java/target/algorithm1.jar"), JAVA_ENTRY, true,
                        RawLimit.JAVA_PLAIN_CALL, "a JDK"));
    }

    private static ProcessingSubject of(String method, String language, InvocationMethod invocation, Path artifact, String entry,
                                        boolean warm, String baseline, String toolchain) {
        Path absolute = artifact.toAbsolutePath().normalize();
        String missing = null;
        if (!Files.isRegularFile(absolute)) {
            missing = artifact + " is not built (it needs " + toolchain + "; build the functions: ./tempos build)";
        } else if (language.equals("node") && !onPath("node")) {
            missing = "node is not on the PATH";
        } else if (language.equals("python") && !onPath("python3")) {
            missing = "python3 is not on the PATH";
        }
        return new ProcessingSubject(method, language, new FunctionSpec(invocation, absolute.toString(), entry, warm, TIMEOUT_MS),
                baseline, missing);
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    String label() {
        return method + " " + language;
    }
}
