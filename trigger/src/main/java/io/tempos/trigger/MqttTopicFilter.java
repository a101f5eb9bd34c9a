package io.tempos.trigger;

/** MQTT 3.1.1 topic filter matching (section 4.7): {@code +} is one level, a final {@code #} any number, the parent included. */
final class MqttTopicFilter {

    private MqttTopicFilter() {
    }

    /** Whether {@code topic} (a topic name, no wildcards) matches {@code filter} (checked by the loader). */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;   // $SYS and friends only match filters that name them
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
