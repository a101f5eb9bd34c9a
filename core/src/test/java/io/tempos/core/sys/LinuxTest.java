package io.tempos.core.sys;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tempos.core.sys.ThreadProbe.onFreshPlatformThread;
import static org.assertj.core.api.Assertions.assertThat;

class LinuxTest {

    private static final int EBADF = 9;

    @Test
    void gettidIsTheKernelsIdOfTheCallingThread() throws Exception {
        int here = Linux.gettid();
        int[] there = onFreshPlatformThread(() -> new int[] {Linux.gettid(), ThreadProbe.tidFromProc()});

        assertThat(here).isPositive().isEqualTo(ThreadProbe.tidFromProc());
        assertThat(there[0]).isPositive().isEqualTo(there[1]);
        assertThat(there[0]).as("another thread, alive at the same time").isNotEqualTo(here);
    }

    @Test
    void aNewPlatformThreadRunsUnderTheNormalPolicy() throws Exception {
        assertThat(onFreshPlatformThread(() -> Linux.getScheduler(0))).isZero();
    }

    @Test
    void errorsComeBackAsErrnoValuesNotExceptions() throws Exception {
        assertThat(Linux.getScheduler(-1)).isEqualTo(-Linux.EINVAL);
        assertThat(Linux.setSocketOption(-1, Linux.SOL_SOCKET, Linux.SO_PRIORITY, 1)).isEqualTo(EBADF);
        assertThat(onFreshPlatformThread(() -> Linux.setScheduler(1, 100))).as("FIFO 100").isEqualTo(Linux.EINVAL);
        assertThat(onFreshPlatformThread(() -> Linux.setScheduler(1, 0))).as("FIFO 0").isEqualTo(Linux.EINVAL);
    }

    @Test
    void aCpuOutsideTheMaskIsInvalidBeforeAnyCall() throws Exception {
        String before = ThreadProbe.cpusAllowed();

        assertThat(Linux.setAffinity(List.of(1024))).isEqualTo(Linux.EINVAL);
        assertThat(Linux.setAffinity(List.of(0, -1))).isEqualTo(Linux.EINVAL);
        assertThat(ThreadProbe.cpusAllowed()).isEqualTo(before);
    }

    @Test
    void errnoValuesAreDescribed() {
        assertThat(Linux.describe(0)).isEqualTo("ok");
        assertThat(Linux.describe(Linux.EPERM)).startsWith("EPERM").contains("CAP_SYS_NICE");
        assertThat(Linux.describe(Linux.EINVAL)).startsWith("EINVAL");
        assertThat(Linux.describe(EBADF)).isEqualTo("errno 9");
    }
}
