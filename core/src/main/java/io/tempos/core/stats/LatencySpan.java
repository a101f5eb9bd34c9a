package io.tempos.core.stats;

import io.tempos.core.event.Hop;

import java.util.List;

/** A stretch of an event's path between two stamped hops, e.g. broker-in → broker-out. */
public record LatencySpan(Hop from, Hop to) {

    /** From creation at the trigger to the end of the function: what a user waits for. */
    public static final LatencySpan END_TO_END = new LatencySpan(Hop.CREATED, Hop.FUNCTION_END);

    /** From creation at the trigger to reception at the invoker: the delivery slice's share. */
    public static final LatencySpan DELIVERY = new LatencySpan(Hop.CREATED, Hop.INVOKER_IN);

    /** The spans recorded for every completed event: end to end, delivery, then hop by hop. */
    public static final List<LatencySpan> RECORDED = List.of(END_TO_END, DELIVERY,
            new LatencySpan(Hop.CREATED, Hop.TRIGGER_OUT),
            new LatencySpan(Hop.TRIGGER_OUT, Hop.BROKER_IN),
            new LatencySpan(Hop.BROKER_IN, Hop.BROKER_OUT),
            new LatencySpan(Hop.BROKER_OUT, Hop.INVOKER_IN),
            new LatencySpan(Hop.INVOKER_IN, Hop.FUNCTION_START),
            new LatencySpan(Hop.FUNCTION_START, Hop.FUNCTION_END));

    public String label() {
        if (this.equals(END_TO_END)) {
            return "end-to-end";
        }
        return this.equals(DELIVERY) ? "delivery" : from.label() + ".." + to.label();
    }
}
