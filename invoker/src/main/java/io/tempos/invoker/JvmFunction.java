package io.tempos.invoker;

import io.tempos.api.Function;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java function from a jar: its own class loader (parent {@link ApiOnlyClassLoader}), one
 * warm instance made at configure time, {@link Function#apply} per event from every worker of
 * the level at once (the API tells implementers to be thread-safe).
 *
 * <p>Anything the function throws, {@link Error}s such as {@link StackOverflowError} included,
 * fails that one event. At its deadline the worker thread is interrupted: a function that
 * sleeps, waits or checks {@link Thread#isInterrupted()} is stopped there and the event counts
 * as timed out; one that spins without looking keeps its worker until it returns (the JVM
 * cannot stop a thread from outside; run such code as FSPAWN, in a process).
 */
final class JvmFunction implements FunctionInvocation {

    private final String jar;
    private final String className;
    private final URLClassLoader loader;
    private final Function function;

    private JvmFunction(String jar, String className, URLClassLoader loader, Function function) {
        this.jar = jar;
        this.className = className;
        this.loader = loader;
        this.function = function;
    }

    /**
     * Loads {@code className} from {@code jar} and creates its instance.
     *
     * @throws IllegalArgumentException naming the reason: no such file, class not found, not a
     *                                  {@link Function}, no public no-argument constructor, or
     *                                  the constructor threw
     */
    static JvmFunction load(String jar, String className) {
        Path path = Path.of(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no jar file at " + jar);
        }
        URL url;
        try {
            url = path.toUri().toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot name the jar as a URL: " + e.getMessage(), e);
        }
        URLClassLoader loader = new URLClassLoader("function:" + path.getFileName(), new URL[] {url}, ApiOnlyClassLoader.INSTANCE);
        try {
            return new JvmFunction(jar, className, loader, instantiate(loader, className));
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static Function instantiate(ClassLoader loader, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + className + " not found in the jar");
        } catch (LinkageError e) {
            throw new IllegalArgumentException("class " + className + " cannot be loaded: " + e);
        }
        if (!Function.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class " + className + " does not implement " + Function.class.getName());
        }
        try {
            return (Function) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("class " + className + " has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the constructor of " + className + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("cannot instantiate " + className + ": " + e, e);
        }
    }

    @Override
    public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        byte[] result = null;
        Throwable thrown = null;
        deadline.armInterrupt();
        try {
            result = function.apply(input.toArray(ValueLayout.JAVA_BYTE));
        } catch (Throwable t) {
            thrown = t;
        }
        if (deadline.disarmInterrupt()) {
            throw FunctionFailure.timeout(className + " was interrupted at its timeout of " + deadline.timeoutMs() + " ms"
                    + (thrown == null ? "" : " and threw " + thrown));
        }
        if (thrown != null) {
            throw new FunctionFailure(className + " threw " + thrown, thrown);
        }
        if (result == null) {
            throw new FunctionFailure(className + " returned null; return an empty array for no result");
        }
        if (result.length > output.byteSize()) {
            throw new FunctionFailure(className + " returned " + result.length + " bytes > output buffer of "
                    + output.byteSize() + " bytes");
        }
        MemorySegment.copy(result, 0, output, ValueLayout.JAVA_BYTE, 0, result.length);
        return result.length;
    }

    /** The class of the warm instance (tests check which loader it came from). */
    Class<?> functionClass() {
        return function.getClass();
    }

    @Override
    public void close() {
        closeQuietly(loader);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // The jar's file handle is all it held; nothing else to release.
        }
    }

    @Override
    public String toString() {
        return "jvm " + jar + "#" + className;
    }
}
