package eu.ess.cevns.daq.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The store writer's free-space watch on a disk the test fills itself: it measures seldom while
 * there is room and more often as the reserve nears, refuses the record that would eat into the
 * reserve (with a roll's room while a roll is ahead), measures once for a roll however often an
 * idle writer asks, and a failing measurement neither stops a run nor floods the log.
 */
class StoreSpaceTest {
    static final long MIB = 1 << 20;

    /** A disk of {@code capacity} bytes filled by what the test says it appended. */
    static final class Disk implements FreeSpace {
        long capacity;
        long used;
        int measurements;
        boolean failing;

        @Override
        public long usableBytes(Path dir) throws IOException {
            measurements++;
            if (failing) {
                throw new IOException("statvfs failed");
            }
            return capacity - used;
        }
    }

    @Test
    void measurementsComeCloserAsTheReserveNearsAndTheRecordThatWouldEatIntoItIsRefused() {
        Disk disk = new Disk();
        disk.capacity = 1024 * MIB;
        StoreSpace space = new StoreSpace(disk, 64 * MIB);
        space.measure(Path.of("/data/runs"));
        int record = 2048;
        long appended = 0;
        while (space.room(record)) {
            appended++;
            disk.used += record + StoreSpace.RECORD_OVERHEAD_BYTES;
        }
        long room = disk.capacity - 64 * MIB;
        assertEquals(room / (record + StoreSpace.RECORD_OVERHEAD_BYTES), appended, "every record that fits above the reserve");
        assertTrue(disk.measurements < 40, "halving the headroom: about log2(" + room / record + ") measurements, not one a record: "
                + disk.measurements);
        assertTrue(space.describe().contains("in reserve (64.0 MiB, store.reserveMb)"), space.describe());
    }

    @Test
    void aRollAheadIsMeasuredOnceAndNeedsItsRoomAboveTheReserve() {
        Disk disk = new Disk();
        disk.capacity = 10 * MIB;
        StoreSpace space = new StoreSpace(disk, 4 * MIB);
        space.measure(Path.of("/data/runs"));
        int before = disk.measurements;
        for (int i = 0; i < 1000; i++) {
            space.beforeBatch(101, 100);
        }
        assertEquals(before + 1, disk.measurements, "an idle writer at the hour measures once for the roll");
        // 6 MiB above the reserve less the roll's 1 MiB: a 5.5 MiB record does not fit while the roll is ahead
        assertFalse(space.room((int) (5.5 * MIB)));
        space.beforeBatch(101, 101);
        assertTrue(space.room((int) (5.5 * MIB)), "in the new file it fits");
    }

    @Test
    void aFailingMeasurementLetsTheRunGoOnAndIsTriedAgain() {
        Disk disk = new Disk();
        disk.capacity = 100 * MIB;
        disk.failing = true;
        StoreSpace space = new StoreSpace(disk, 4 * MIB);
        assertEquals(-1, space.measure(Path.of("/data/runs")));
        for (int i = 0; i < 10_000; i++) {
            assertTrue(space.room(4096));
        }
        assertEquals(1, disk.measurements, "no measurement per record while measuring fails");
        assertTrue(space.describe().startsWith("unknown space free on"), space.describe());
        disk.failing = false;
        assertEquals(100 * MIB, space.measureAgain());
    }
}
