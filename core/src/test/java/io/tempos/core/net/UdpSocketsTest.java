package io.tempos.core.net;

import io.tempos.core.testing.FreePorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class UdpSocketsTest {

    /** Whether UdpSockets can reach the descriptor and set SO_PRIORITY itself (the JVM flag of the build). */
    private static final boolean SO_PRIORITY_REACHABLE =
            Object.class.getModule().isExported("sun.nio.ch", UdpSocketsTest.class.getModule());

    @ParameterizedTest(name = "priority {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void aBoundSocketCarriesItsLevelsPriority(int priority) throws Throwable {
        try (DatagramChannel channel = UdpSockets.bind("127.0.0.1", 0, priority)) {
            assertThat(SocketPriority.of(channel)).isEqualTo(expectedKernelPriority(priority));
        }
    }

    @ParameterizedTest(name = "priority {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void aSenderCarriesItsLevelsPriority(int priority) throws Throwable {
        try (DatagramChannel channel = UdpSockets.sender(priority)) {
            channel.bind(new InetSocketAddress("127.0.0.1", 0));   // only so that /proc lists it by port
            assertThat(SocketPriority.of(channel)).isEqualTo(expectedKernelPriority(priority));
        }
    }

    @ParameterizedTest(name = "priority {0}")
    @ValueSource(ints = {0, 6})
    void aSenderReachesABoundSocket(int priority) throws IOException {
        try (DatagramChannel receiver = UdpSockets.bind("127.0.0.1", 0, priority);
             DatagramChannel sender = UdpSockets.sender(priority)) {
            receiver.configureBlocking(false);
            byte[] sent = ("event at priority " + priority).getBytes(StandardCharsets.UTF_8);

            assertThat(sender.send(ByteBuffer.wrap(sent), receiver.getLocalAddress())).isEqualTo(sent.length);

            ByteBuffer received = ByteBuffer.allocate(1024);
            SocketAddress from = await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receive(received), a -> a != null);
            assertThat(from).isNotNull();
            assertThat(received.flip().remaining()).isEqualTo(sent.length);
            byte[] bytes = new byte[sent.length];
            received.get(bytes);
            assertThat(bytes).isEqualTo(sent);
        }
    }

    @Test
    void aPortInUseIsAnIoExceptionNamingHostAndPort() throws IOException {
        int port = FreePorts.next();
        try (DatagramChannel first = UdpSockets.bind("127.0.0.1", port, 0)) {
            assertThat(first.isOpen()).isTrue();
            assertThatThrownBy(() -> UdpSockets.bind("127.0.0.1", port, 6))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot bind UDP 127.0.0.1:" + port + ": ");
        }
    }

    @ParameterizedTest(name = "priority {0} -> TOS {1}")
    @CsvSource({"0, 0x00", "1, 0x00", "2, 0x08", "3, 0x08", "4, 0x18", "5, 0x18", "6, 0x10", "7, 0x10"})
    void tosForPicksTheTosThatLinuxMapsToThePriorityAtOrBelow(int priority, String tos) {
        assertThat(UdpSockets.tosFor(priority)).isEqualTo(Integer.decode(tos));
    }

    /** The table above is only right if the kernel agrees: set each TOS and read the priority it gave. */
    @ParameterizedTest(name = "priority {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void theKernelMapsEachTosToTheExpectedPriority(int priority) throws Throwable {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.setOption(StandardSocketOptions.IP_TOS, UdpSockets.tosFor(priority));

            assertThat(SocketPriority.of(channel)).isEqualTo(priority - priority % 2);
        }
    }

    /** As root, a priority that is an htb class id (1:10) reaches the socket unchanged: htb then picks that class. */
    @Test
    void aClassIdPriorityReachesTheSocketWithCapNetAdmin() throws Throwable {
        Assumptions.assumeTrue(SO_PRIORITY_REACHABLE, "needs --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "CAP_NET_ADMIN: run as root");
        try (DatagramChannel channel = UdpSockets.bind("127.0.0.1", 0, 0x10010)) {
            assertThat(SocketPriority.of(channel)).isEqualTo(0x10010);
        }
    }

    @Test
    void aRefusedClassIdPriorityNamesTheValueTheClassAndTheMissingCapability() {
        assertThat(UdpSockets.refusal(0x10010, 1))
                .isEqualTo("setsockopt(SO_PRIORITY, 65552 (0x10010, class 1:10)): EPERM: socket priorities above 6 need CAP_NET_ADMIN"
                        + " (run the component as root or grant it the capability), or use a level socket-priority in 0..6");
        assertThat(UdpSockets.refusal(-1, 22)).startsWith("setsockopt(SO_PRIORITY, 4294967295 (0xFFFFFFFF, class ffff:ffff)): EINVAL");
    }

    /** SO_PRIORITY exactly; through the IP_TOS fallback, the nearest of 0, 2, 4, 6 at or below. */
    private static int expectedKernelPriority(int priority) {
        return SO_PRIORITY_REACHABLE ? priority : priority - priority % 2;
    }
}
