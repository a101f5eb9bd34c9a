package io.tempos.core.config;

/**
 * A workflow: a function, the topic whose events trigger it, and its QoS level.
 *
 * @param name     unique name; events name their workflow
 * @param level    the QoS level every hop of its events honours
 * @param topic    the topic that carries its events to the subscribed invokers
 * @param function what runs for each event
 */
public record WorkflowSpec(String name, String level, String topic, FunctionSpec function) {
}
