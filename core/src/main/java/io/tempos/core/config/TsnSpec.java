package io.tempos.core.config;

/**
 * The TSN schedule of a node's link ({@code [tsn]}): the cycle that the levels' slots
 * ({@code tsn-slot}) divide, and the etf settings of the strict traffic class.
 *
 * @param networkInterface the egress interface the qdiscs go on, e.g. {@code eth0}
 * @param cycleUs          the gate-control cycle, in µs
 * @param baseTimeNs       when the schedule starts, in CLOCK_TAI ns (0: the kernel's next cycle)
 * @param etfDeltaUs       how long before its transmit time etf hands a packet to the driver
 * @param etfLevel         the level whose traffic class gets an etf qdisc (its packets then need a
 *                         transmit time, SO_TXTIME), or null for none
 */
public record TsnSpec(String networkInterface, int cycleUs, long baseTimeNs, int etfDeltaUs, String etfLevel) {
}
