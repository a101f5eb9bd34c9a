package io.tempos.core.config;

/**
 * Where the controller's REST API listens and where it keeps what must outlive it.
 *
 * @param host      listen address of the REST API (default 127.0.0.1: the management plane
 *                  stays on loopback unless configured otherwise)
 * @param port      listen port of the REST API
 * @param stateDir  absolute path of the directory holding the persisted model and the
 *                  generated API token ({@code state-dir}, relative to the config file; default
 *                  {@code .tempos} beside it); null where no file named it
 * @param tokenFile absolute path of a file holding the API token ({@code token-file}), or null
 *                  to take it from {@code TEMPOS_TOKEN} or generate one into the state dir
 */
public record ControllerSpec(String host, int port, String stateDir, String tokenFile) {

    /** The name of the state directory beside the config file when {@code state-dir} is absent. */
    public static final String DEFAULT_STATE_DIR = ".tempos";

    /** A controller with no state directory and no token file, e.g. built in code. */
    public ControllerSpec(String host, int port) {
        this(host, port, null, null);
    }
}
