package io.tempos.invoker.testfunctions;

import io.tempos.api.Function;

/** A function whose constructor fails: the invoker must refuse it at configure time. */
public final class ThrowingConstructorFunction implements Function {

    public ThrowingConstructorFunction() {
        throw new IllegalStateException("constructor refuses to run");
    }

    @Override
    public byte[] apply(byte[] payload) {
        return payload;
    }
}
