package io.tempos.core.component;

import java.util.Locale;

/** Why a document on the {@code $config} topic was not taken; every refusal is counted with one of these. */
public enum ConfigRefusal {
    /** No or a bad version, not JSON, not a deployment. */
    MALFORMED,
    /** Larger than {@link ConfigDocument#MAX_BYTES}. */
    OVERSIZED,
    /** Not newer than the version in force (or retained). */
    STALE,
    /** Of another deployment, or changing the component's own settings. */
    FOREIGN,
    /** The component could not honour it (e.g. a function that does not load). */
    REFUSED,
    /** The broker could not save it in its state dir. */
    UNSAVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
