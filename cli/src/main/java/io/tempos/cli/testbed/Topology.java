package io.tempos.cli.testbed;

import java.util.ArrayList;
import java.util.List;

/**
 * The testbed's hosts and how they are wired: one network namespace per host, each with one
 * veth link ({@code eth0}) to a bridge in a "switch" namespace. Addresses come from
 * {@value #SUBNET}.0/24 and exist only inside these namespaces; the root namespace gets no
 * interface and no route to them.
 *
 * @param prefix   namespace name prefix, {@code tempos-tb-<pid>}: unique per owning process, so
 *                 that leftovers of a killed run can be found and removed
 * @param switchNs the namespace holding the bridge
 * @param hosts    trigger host (producers + trigger), broker host (broker + controller), invoker hosts
 */
record Topology(String prefix, String switchNs, List<Host> hosts) {

    /** Every testbed namespace starts with this, followed by the owner's pid. */
    static final String NAME_PREFIX = "tempos-tb-";
    static final String SUBNET = "10.77.0";
    static final String DEVICE = "eth0";
    static final String BRIDGE = "br0";

    /** What runs on a host. */
    enum Role { TRIGGER, BROKER, INVOKER }

    /**
     * One host.
     *
     * @param name       short name, e.g. {@code invoker-2}; also the namespace suffix
     * @param role       what runs there
     * @param namespace  its network namespace
     * @param address    its IPv4 address on {@link #DEVICE}
     * @param switchPort the peer of its link in the switch namespace (at most 15 characters)
     */
    record Host(String name, Role role, String namespace, String address, String switchPort) {
    }

    Topology {
        hosts = List.copyOf(hosts);
    }

    /** The testbed of process {@code ownerPid}: a trigger host, a broker host and {@code invokers} invoker hosts. */
    static Topology of(long ownerPid, int invokers) {
        if (invokers < 1 || invokers > 200) {
            throw new IllegalArgumentException("invokers " + invokers + " outside 1..200 (one /24 holds the hosts)");
        }
        String prefix = NAME_PREFIX + ownerPid;
        List<Host> hosts = new ArrayList<>();
        hosts.add(host(prefix, "trigger", Role.TRIGGER, 2));
        hosts.add(host(prefix, "broker", Role.BROKER, 3));
        for (int i = 1; i <= invokers; i++) {
            hosts.add(host(prefix, "invoker-" + i, Role.INVOKER, 3 + i));
        }
        return new Topology(prefix, prefix + "-switch", hosts);
    }

    private static Host host(String prefix, String name, Role role, int lastOctet) {
        return new Host(name, role, prefix + "-" + name, SUBNET + "." + lastOctet, "p" + lastOctet);
    }

    Host trigger() {
        return only(Role.TRIGGER);
    }

    Host broker() {
        return only(Role.BROKER);
    }

    List<Host> invokers() {
        return hosts.stream().filter(h -> h.role() == Role.INVOKER).toList();
    }

    /** Every namespace of the testbed, switch last (removing a host namespace removes its link). */
    List<String> namespaces() {
        List<String> all = new ArrayList<>(hosts.stream().map(Host::namespace).toList());
        all.add(switchNs);
        return all;
    }

    private Host only(Role role) {
        return hosts.stream().filter(h -> h.role() == role).findFirst().orElseThrow();
    }

    /** The owner pid in a testbed namespace name, or -1 when the name is not a testbed's. */
    static long ownerOf(String namespace) {
        if (!namespace.startsWith(NAME_PREFIX)) {
            return -1;
        }
        String rest = namespace.substring(NAME_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
