package io.tempos.core.config;

/** What every component of a deployment declares: a name and a management endpoint. */
public sealed interface ComponentSpec permits BrokerSpec, TriggerSpec, InvokerSpec {
    String id();

    String host();

    int managementPort();
}
