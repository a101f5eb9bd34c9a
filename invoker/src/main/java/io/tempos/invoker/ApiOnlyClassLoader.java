package io.tempos.invoker;

/**
 * The parent of every JVM function's class loader: it shows a function the Java platform and
 * the {@code io.tempos.api} package, and nothing else of the invoker's class path. So the
 * function and the invoker share the one {@link io.tempos.api.Function} interface, while the
 * function's own classes and libraries (whatever versions its jar bundles) always come from its
 * jar and never clash with the invoker's.
 */
final class ApiOnlyClassLoader extends ClassLoader {

    static final ApiOnlyClassLoader INSTANCE = new ApiOnlyClassLoader(io.tempos.api.Function.class.getClassLoader());

    private static final String API_PACKAGE = io.tempos.api.Function.class.getPackageName() + ".";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader api;

    private ApiOnlyClassLoader(ClassLoader api) {
        super("tempos-function-api", ClassLoader.getPlatformClassLoader());
        this.api = api;
    }

    /** Called when the platform does not have {@code name}: only the API is found beyond it. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return api.loadClass(name);
        }
        throw new ClassNotFoundException(name);
    }
}
