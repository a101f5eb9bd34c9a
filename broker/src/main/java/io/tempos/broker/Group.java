package io.tempos.broker;

import io.tempos.core.config.GroupPolicy;

/**
 * A subscription group as its lane's queue processor runs it: picks the one member that gets
 * an event, by the group's policy, among the members that are up. When every member is down it
 * still tries the one whose down mark expires first: with no alternative, a possibly stale mark
 * must not turn into lost events. Owned by the processor thread.
 */
final class Group {

    private final String name;
    private final GroupPolicy policy;
    private final Member[] members;
    private int cursor;

    Group(String name, GroupPolicy policy, Member[] members) {
        this.name = name;
        this.policy = policy;
        this.members = members;
    }

    String name() {
        return name;
    }

    GroupPolicy policy() {
        return policy;
    }

    Member[] members() {
        return members;
    }

    /** The member for the next event, or null when the group has none. */
    Member pick(long nowNs) {
        int n = members.length;
        if (n == 0) {
            return null;
        }
        Member chosen = null;
        int chosenIndex = -1;
        for (int k = 0; k < n; k++) {
            int i = (cursor + k) % n;
            Member m = members[i];
            if (!m.isUp(nowNs)) {
                continue;
            }
            if (policy == GroupPolicy.ROUND_ROBIN) {
                chosen = m;
                chosenIndex = i;
                break;
            }
            if (chosen == null || m.outstanding() < chosen.outstanding()) {
                chosen = m;
                chosenIndex = i;
            }
        }
        if (chosen == null) {
            for (int i = 0; i < n; i++) {
                if (chosen == null || members[i].downUntilNs() < chosen.downUntilNs()) {
                    chosen = members[i];
                    chosenIndex = i;
                }
            }
        }
        cursor = (chosenIndex + 1) % n;
        return chosen;
    }

    /** Whether any member other than {@code member} is up now: somewhere else to send to. */
    boolean hasOtherUp(Member member, long nowNs) {
        for (Member m : members) {
            if (m != member && m.isUp(nowNs)) {
                return true;
            }
        }
        return false;
    }
}
