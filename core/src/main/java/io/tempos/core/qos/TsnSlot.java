package io.tempos.core.qos;

/**
 * The window of a QoS level in the TSN cycle (IEEE 802.1Qbv): its traffic class's gate is open
 * from {@code offsetUs} for {@code lengthUs} of every cycle.
 */
public record TsnSlot(int offsetUs, int lengthUs) {
}
