package io.tempos.cli.testbed;

import io.tempos.cli.Main;

import java.util.ArrayList;
import java.util.List;

/** The command line that runs {@code tempos ARGS} in a new JVM: this JVM's java, class path and the flags Tempos needs. */
final class JavaCommand {

    /** Native access (FFM scheduling), the channel descriptor (SO_PRIORITY), and a heap that several JVMs on one machine can afford. */
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-XX:+UseZGC", "-Xms256m", "-Xmx512m",
            "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");

    private JavaCommand() {
    }

    static List<String> tempos(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
