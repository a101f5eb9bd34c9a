package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.Isolation;
import io.tempos.core.qos.QosLevel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Loads a workflow's function by its invocation method. Called on the management thread only. */
final class FunctionLoader {

    /** The methods this invoker runs; configure refuses a workflow that needs another. */
    static final Set<InvocationMethod> SUPPORTED = EnumSet.allOf(InvocationMethod.class);

    private FunctionLoader() {
    }

    /** {@link #load(FunctionSpec, QosLevel)} with the invoker's own scheduling for processes. */
    static FunctionInvocation load(FunctionSpec function) {
        return load(function, null);
    }

    /**
     * Loads {@code function} so that it can be invoked at once. A persistent worker's first
     * process is started here and must be ready within the function's timeout; a wasm module is
     * compiled here.
     *
     * @param level the workflow's QoS level: the scheduling of the processes it starts (null:
     *              the invoker's own)
     * @throws IllegalArgumentException with the reason (the caller adds the workflow's name)
     */
    static FunctionInvocation load(FunctionSpec function, QosLevel level) {
        if (function == null || function.method() == null) {
            throw new IllegalArgumentException("no invocation method; supported: " + supportedLabels());
        }
        if (!function.method().isolations().contains(function.isolation())) {
            throw new IllegalArgumentException("isolation " + function.isolation().label() + " is not available for method "
                    + function.method().label());
        }
        requireArtifact(function);
        long timeoutNs = TimeUnit.MILLISECONDS.toNanos(function.timeoutMs());
        return switch (function.method()) {
            case DLF -> {
                String entry = function.entry() == null ? DlfAbi.DEFAULT_ENTRY : function.entry();
                if (function.isolation() == Isolation.PROCESS) {
                    ProcessCommand host = ProcessCommand.of(function,
                            List.of(DlfHost.path().toString(), function.artifact(), entry, function.warm() ? "warm" : "cold"), level);
                    yield PersistentFunction.start(host, "dlf host of " + Path.of(function.artifact()).getFileName(),
                            "dlf " + (function.warm() ? "warm" : "cold") + " isolated " + function.artifact() + "#" + entry, timeoutNs);
                }
                yield function.warm() ? WarmDlfFunction.load(function.artifact(), entry)
                        : ColdDlfFunction.load(function.artifact(), entry);
            }
            case JVM -> {
                if (function.entry() == null) {
                    throw new IllegalArgumentException("no entry: the class implementing io.tempos.api.Function is required");
                }
                yield JvmFunction.load(function.artifact(), function.entry());
            }
            case WASMF -> WasmFunction.load(function.artifact(), function.entry() == null ? DlfAbi.DEFAULT_ENTRY : function.entry(),
                    function.warm(), function.limits().maxMemoryMb());
            case FSPAWN -> {
                List<String> program = new ArrayList<>();
                program.add(function.artifact());
                program.addAll(function.args());
                ProcessCommand command = ProcessCommand.of(function, program, level);
                yield function.warm()
                        ? PersistentFunction.start(command, "worker " + Path.of(function.artifact()).getFileName(),
                                "fspawn persistent " + command, timeoutNs)
                        : new SpawnFunction(command);
            }
        };
    }

    private static void requireArtifact(FunctionSpec function) {
        if (function.artifact() == null) {
            throw new IllegalArgumentException("no artifact to load");
        }
    }

    static String supportedLabels() {
        return SUPPORTED.stream().map(InvocationMethod::label).toList().toString();
    }
}
