package io.tempos.cli.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every host's link is shaped at its egress (the host's NIC queue): an htb qdisc limits the
 * link to {@code rateBitsPerS}; with {@code classes} it holds one class per QoS level, strict
 * above best-effort, and a default class for everything else (management HTTP, ARP).
 *
 * <p>htb picks a class without any filter when a packet's socket priority equals the class id
 * ({@code major << 16 | minor}): the testbed's deployment sets each level's
 * {@code socket-priority} to its class id ({@link #STRICT_CLASS}, {@link #BEST_EFFORT_CLASS}).
 * Without classes the same priorities name no class, so htb puts every packet in its default,
 * single class: one FIFO at the link rate, the baseline.
 *
 * <p>Leaf queues hold up to {@value #LEAF_LIMIT_PACKETS} packets, more than the send buffers of
 * the sockets feeding them: a full link blocks the sender (whose own queue then drops and counts)
 * rather than letting the qdisc drop datagrams that nobody would account for.
 */
record LinkShaping(long rateBitsPerS, boolean classes) {

    static final int STRICT_CLASS = 0x10010;
    static final int BEST_EFFORT_CLASS = 0x10020;
    static final int OTHER_CLASS = 0x10030;
    /** The one class of the baseline, and the parent of the per-level classes. */
    static final int LINK_CLASS = 0x10001;
    static final int LEAF_LIMIT_PACKETS = 100_000;
    private static final String QUANTUM_BYTES = "1514";
    private static final Pattern RATE = Pattern.compile("(\\d+)(bit|kbit|mbit|gbit)", Pattern.CASE_INSENSITIVE);

    LinkShaping {
        if (rateBitsPerS < 8_000 || rateBitsPerS > 100_000_000_000L) {
            throw new IllegalArgumentException("link rate " + rateBitsPerS + " bit/s outside 8kbit..100gbit");
        }
    }

    /** Parses a tc rate such as {@code 20mbit} (decimal units, as tc reads them). */
    static long parseRate(String text) {
        Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("link rate '" + text + "' is not <number>bit|kbit|mbit|gbit, e.g. 20mbit");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            case "gbit" -> 1_000_000_000L;
            default -> 1L;
        };
        return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    }

    /** The class id a level's sockets carry as their priority. */
    static int classOf(String level) {
        return "strict".equals(level) ? STRICT_CLASS : BEST_EFFORT_CLASS;
    }

    /** {@code 0x10010} as tc writes it: {@code 1:10}. */
    static String handle(int classId) {
        return Integer.toHexString(classId >>> 16) + ":" + Integer.toHexString(classId & 0xFFFF);
    }

    /** The tc commands (arguments after {@code tc -n NS}) that shape {@code device}. */
    List<List<String>> commands(String device) {
        List<List<String>> tc = new ArrayList<>();
        String link = rateBitsPerS + "bit";
        if (!classes) {
            tc.add(List.of("qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "1"));
            tc.add(htbClass(device, "1:", LINK_CLASS, link, link, 0));
            tc.add(leaf(device, LINK_CLASS));
            return tc;
        }
        tc.add(List.of("qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", Integer.toHexString(OTHER_CLASS & 0xFFFF)));
        tc.add(htbClass(device, "1:", LINK_CLASS, link, link, 0));
        // Strict may use the whole link and is served first (prio 0); best-effort and the rest
        // share what strict leaves, each guaranteed a tenth so that management never starves.
        String tenth = Math.max(8_000, rateBitsPerS / 10) + "bit";
        tc.add(htbClass(device, handle(LINK_CLASS), STRICT_CLASS, link, link, 0));
        tc.add(htbClass(device, handle(LINK_CLASS), BEST_EFFORT_CLASS, tenth, link, 1));
        tc.add(htbClass(device, handle(LINK_CLASS), OTHER_CLASS, tenth, link, 1));
        for (int leafClass : List.of(STRICT_CLASS, BEST_EFFORT_CLASS, OTHER_CLASS)) {
            tc.add(leaf(device, leafClass));
        }
        return tc;
    }

    /** The classes whose counters tell where each level's packets went. */
    List<Integer> leafClasses() {
        return classes ? List.of(STRICT_CLASS, BEST_EFFORT_CLASS, OTHER_CLASS) : List.of(LINK_CLASS);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s link, %s", rateText(),
                classes ? "htb classes on (strict 1:10 prio 0, best-effort 1:20, other 1:30)" : "classes off (one htb class 1:1, one FIFO)");
    }

    String rateText() {
        if (rateBitsPerS % 1_000_000 == 0) {
            return rateBitsPerS / 1_000_000 + " Mbit/s";
        }
        return rateBitsPerS + " bit/s";
    }

    private static List<String> htbClass(String device, String parent, int classId, String rate, String ceil, int prio) {
        return List.of("class", "add", "dev", device, "parent", parent, "classid", handle(classId), "htb",
                "rate", rate, "ceil", ceil, "prio", Integer.toString(prio), "quantum", QUANTUM_BYTES);
    }

    private static List<String> leaf(String device, int classId) {
        return List.of("qdisc", "add", "dev", device, "parent", handle(classId), "handle", Integer.toHexString((classId & 0xFFFF) + 0x100) + ":",
                "pfifo", "limit", Integer.toString(LEAF_LIMIT_PACKETS));
    }
}
