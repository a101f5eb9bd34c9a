package io.tempos.invoker.testfunctions;

/** A class that does not implement io.tempos.api.Function: the invoker must refuse it. */
public final class NotAFunction {

    public byte[] apply(byte[] payload) {
        return payload;
    }
}
