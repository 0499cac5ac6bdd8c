package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.block.volume.VolumeManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real qemu VM boots from a Granary volume over NBD, as ec2-lite will boot instances: the root
 * disk is a clone of a snapshot of an image volume. The VM's BIOS reads the boot sector, and the
 * boot sector ({@link BootSector}) reads a message from the disk, prints it to the serial port and
 * writes a sector back, all through qemu's NBD client. The test checks each of these from outside,
 * with a random message so nothing can be canned, and checks that only the clone changed.
 */
class VolumeBootTest {
    private static final int DISK_BYTES = 1 << 20;
    /** TCG on a busy shared machine is slow; a boot takes well under a second when it is quiet. */
    private static final Duration BOOT_DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    /** The disk of the image: boot sector, message, and random bytes where the VM will write and beyond. */
    private static byte[] image(String message) {
        byte[] disk = new byte[DISK_BYTES];
        new Random(message.hashCode()).nextBytes(disk);
        System.arraycopy(BootSector.bytes(), 0, disk, 0, BootSector.SECTOR_BYTES);
        byte[] sector = sector(message);
        System.arraycopy(sector, 0, disk, BootSector.MESSAGE_SECTOR * BootSector.SECTOR_BYTES, sector.length);
        return disk;
    }

    /** The message sector: the text, NUL, zeroes. */
    private static byte[] sector(String message) {
        return Arrays.copyOf(message.getBytes(StandardCharsets.US_ASCII), BootSector.SECTOR_BYTES);
    }

    /** Writes a whole disk into an export with qemu-img. */
    private void write(byte[] disk, String export) throws Exception {
        Path file = Files.write(work.resolve(export + ".raw"), disk);
        VolumeNbdTest.run(work, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", file.toString(),
                VolumeNbdTest.uri(export));
    }

    /** Reads a whole export with qemu-img. */
    private byte[] read(String export) throws Exception {
        Path file = work.resolve(export + ".read.raw");
        VolumeNbdTest.run(work, "qemu-img", "convert", "-f", "raw", "-O", "raw", VolumeNbdTest.uri(export),
                file.toString());
        return Files.readAllBytes(file);
    }

    @ParameterizedTest(name = "disk on {0}")
    @ValueSource(strings = {"virtio", "ide"})
    void vmBootsFromACloneOfAnImageReadsAndWritesItsDiskAndLeavesTheImageAlone(String driveInterface)
            throws Exception {
        VolumeManager volumes = SharedCloud.volumes();
        String image = VolumeNbdTest.uniqueName("image");
        String root = VolumeNbdTest.uniqueName("root");
        String message = "Granary volume " + root + " booted on " + driveInterface + ", nonce "
                + UUID.randomUUID();
        byte[] imageDisk = image(message);

        volumes.create(image, DISK_BYTES);
        write(imageDisk, image);
        volumes.snapshot(image, "v1");
        // The clone has written nothing: everything the VM reads comes through to the snapshot.
        volumes.clone(image, "v1", root);

        QemuVm.Outcome vm = QemuVm.run(work, VolumeNbdTest.uri(root), driveInterface, BOOT_DEADLINE);

        assertEquals(BootSector.EXIT_SUCCESS, vm.exitCode(), vm::describe);
        assertEquals(message + "\r\n", vm.serial(), vm::describe);
        byte[] expected = imageDisk.clone();
        byte[] written = BootSector.writtenSector(sector(message));
        System.arraycopy(written, 0, expected, BootSector.WRITTEN_SECTOR * BootSector.SECTOR_BYTES, written.length);
        assertArrayEquals(expected, read(root), "the clone holds the image with the sector the VM wrote");
        assertArrayEquals(imageDisk, read(image), "the image volume is unchanged");
        assertArrayEquals(imageDisk, read(image + "@v1"), "the image's snapshot is unchanged");

        SharedCloud.volumes().delete(root);
        volumes.deleteSnapshot(image, "v1");
        SharedCloud.volumes().delete(image);
    }
}
