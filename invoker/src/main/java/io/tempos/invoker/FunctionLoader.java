package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;

import java.util.EnumSet;
import java.util.Set;

/** Loads a workflow's function by its invocation method. Called on the management thread only. */
final class FunctionLoader {

    /** The methods this invoker runs; configure refuses a workflow that needs another. */
    static final Set<InvocationMethod> SUPPORTED = EnumSet.of(InvocationMethod.DLF, InvocationMethod.JVM);

    private FunctionLoader() {
    }

    /**
     * Loads {@code function} so that it can be invoked at once.
     *
     * @throws IllegalArgumentException with the reason (the caller adds the workflow's name)
     */
    static FunctionInvocation load(FunctionSpec function) {
        if (function == null || function.method() == null) {
            throw new IllegalArgumentException("no invocation method; supported: " + supportedLabels());
        }
        return switch (function.method()) {
            case DLF -> {
                requireArtifact(function);
                String entry = function.entry() == null ? DlfAbi.DEFAULT_ENTRY : function.entry();
                yield function.warm() ? WarmDlfFunction.load(function.artifact(), entry)
                        : ColdDlfFunction.load(function.artifact(), entry);
            }
            case JVM -> {
                requireArtifact(function);
                if (function.entry() == null) {
                    throw new IllegalArgumentException("no entry: the class implementing io.tempos.api.Function is required");
                }
                yield JvmFunction.load(function.artifact(), function.entry());
            }
            // The core model may grow methods (wasmf, fspawn) before this invoker runs them.
            default -> throw new IllegalArgumentException("method " + function.method().label()
                    + " is not supported by this invoker; supported: " + supportedLabels());
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
