package io.granary.it;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 512-byte x86 boot sector that makes a virtual machine use its boot disk through the BIOS, and
 * report what it did in a way a test can check from outside:
 *
 * <ol>
 *   <li>reads sector {@value #MESSAGE_SECTOR} of the boot disk (BIOS int 13h, AH=42h extended
 *       read, on the drive the BIOS booted from);
 *   <li>prints the NUL-terminated text found there, then CR LF, to the first serial port (COM1,
 *       port 0x3F8, waiting for the transmitter before each byte);
 *   <li>writes sector {@value #WRITTEN_SECTOR} (int 13h, AH=43h): {@link #MARKER} followed by the
 *       first 496 bytes it read ({@link #writtenSector});
 *   <li>ends the VM through qemu's {@code isa-debug-exit} device at port 0xF4, which makes qemu
 *       exit with status (value &lt;&lt; 1) | 1: {@link #EXIT_SUCCESS}, or {@link #EXIT_READ_FAILED}
 *       / {@link #EXIT_WRITE_FAILED} when the BIOS reports an error (carry set).
 * </ol>
 *
 * <p>The machine code is written out below with its listing (16-bit real mode, Intel syntax,
 * address as loaded at 0x7C00), as GNU {@code as --32} assembled it from {@code .code16} source.
 * Keeping the bytes here, rather than assembling a source file at test time, adds no tool to the
 * tests and keeps the program readable in one place; the addresses in the comments are the ones
 * the jumps and the data references use, and the class refuses to load if the layout shifts.
 */
final class BootSector {
    /** The sector the VM reads and prints, NUL-terminated text. */
    static final int MESSAGE_SECTOR = 1;
    /** The sector the VM writes: {@link #MARKER}, then what it read. */
    static final int WRITTEN_SECTOR = 2;
    static final int SECTOR_BYTES = 512;
    /** What the written sector starts with. */
    static final String MARKER = "GRANARY VM WROTE";
    /** qemu's exit status once the VM has read, printed and written: (0x10 &lt;&lt; 1) | 1. */
    static final int EXIT_SUCCESS = 33;
    /** qemu's exit status when the BIOS failed the read: (0x01 &lt;&lt; 1) | 1. */
    static final int EXIT_READ_FAILED = 3;
    /** qemu's exit status when the BIOS failed the write: (0x02 &lt;&lt; 1) | 1. */
    static final int EXIT_WRITE_FAILED = 5;

    /** Where the listing ends: the address of {@code drive}, plus one. */
    private static final int PROGRAM_BYTES = 0xa7;

    private static final int[] PROGRAM = {
        // start:
        0xfa,                   // 7c00  cli                    no interrupts while the stack moves
        0x31, 0xc0,             // 7c01  xor  ax, ax
        0x8e, 0xd8,             // 7c03  mov  ds, ax            segments 0: every address is absolute
        0x8e, 0xc0,             // 7c05  mov  es, ax
        0x8e, 0xd0,             // 7c07  mov  ss, ax
        0xbc, 0x00, 0x7c,       // 7c09  mov  sp, 0x7c00        the stack grows down below this sector
        0xfb,                   // 7c0c  sti
        0xfc,                   // 7c0d  cld                    string instructions count upwards
        0x88, 0x16, 0xa6, 0x7c, // 7c0e  mov  [drive], dl       the BIOS passes the boot drive in dl
        // read the message sector into 0x7e00
        0xbe, 0x76, 0x7c,       // 7c12  mov  si, read_packet
        0xb4, 0x42,             // 7c15  mov  ah, 0x42          extended read
        0x8a, 0x16, 0xa6, 0x7c, // 7c17  mov  dl, [drive]
        0xcd, 0x13,             // 7c1b  int  0x13
        0xb3, 0x01,             // 7c1d  mov  bl, 1             exit value if it failed
        0x72, 0x3e,             // 7c1f  jc   fail
        // print it up to its NUL
        0xbe, 0x00, 0x7e,       // 7c21  mov  si, 0x7e00
        // print:
        0xac,                   // 7c24  lodsb                  al = [si++]
        0x84, 0xc0,             // 7c25  test al, al
        0x74, 0x05,             // 7c27  jz   printed
        0xe8, 0x3b, 0x00,       // 7c29  call putc
        0xeb, 0xf6,             // 7c2c  jmp  print
        // printed:
        0xb0, 0x0d,             // 7c2e  mov  al, 13
        0xe8, 0x34, 0x00,       // 7c30  call putc
        0xb0, 0x0a,             // 7c33  mov  al, 10
        0xe8, 0x2f, 0x00,       // 7c35  call putc
        // build the sector to write at 0x8000: the marker, then the first 496 bytes read
        0xbe, 0x96, 0x7c,       // 7c38  mov  si, marker
        0xbf, 0x00, 0x80,       // 7c3b  mov  di, 0x8000
        0xb9, 0x10, 0x00,       // 7c3e  mov  cx, 16
        0xf3, 0xa4,             // 7c41  rep  movsb
        0xbe, 0x00, 0x7e,       // 7c43  mov  si, 0x7e00
        0xb9, 0xf0, 0x01,       // 7c46  mov  cx, 496
        0xf3, 0xa4,             // 7c49  rep  movsb
        // write it
        0xbe, 0x86, 0x7c,       // 7c4b  mov  si, write_packet
        0xb8, 0x00, 0x43,       // 7c4e  mov  ax, 0x4300        extended write, al = 0: no verify
        0x8a, 0x16, 0xa6, 0x7c, // 7c51  mov  dl, [drive]
        0xcd, 0x13,             // 7c55  int  0x13
        0xb3, 0x02,             // 7c57  mov  bl, 2             exit value if it failed
        0x72, 0x04,             // 7c59  jc   fail
        0xb0, 0x10,             // 7c5b  mov  al, 0x10          exit value: done
        0xeb, 0x02,             // 7c5d  jmp  exit
        // fail:
        0x88, 0xd8,             // 7c5f  mov  al, bl
        // exit:
        0xe6, 0xf4,             // 7c61  out  0xf4, al          isa-debug-exit: qemu ends, status (al << 1) | 1
        // halt:                   without that device, stop here
        0xfa,                   // 7c63  cli
        0xf4,                   // 7c64  hlt
        0xeb, 0xfc,             // 7c65  jmp  halt
        // putc: writes al to COM1
        0x50,                   // 7c67  push ax
        0xba, 0xfd, 0x03,       // 7c68  mov  dx, 0x3fd         line status register
        // wait:
        0xec,                   // 7c6b  in   al, dx
        0xa8, 0x20,             // 7c6c  test al, 0x20          transmitter holding register empty?
        0x74, 0xfb,             // 7c6e  jz   wait
        0x58,                   // 7c70  pop  ax
        0xba, 0xf8, 0x03,       // 7c71  mov  dx, 0x3f8         transmitter holding register
        0xee,                   // 7c74  out  dx, al
        0xc3,                   // 7c75  ret
        // read_packet: disk address packet: size 16, reserved, 1 sector, to 0000:7e00, from LBA 1
        0x10, 0x00, 0x01, 0x00, 0x00, 0x7e, 0x00, 0x00, // 7c76
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 7c7e
        // write_packet: size 16, reserved, 1 sector, from 0000:8000, to LBA 2
        0x10, 0x00, 0x01, 0x00, 0x00, 0x80, 0x00, 0x00, // 7c86
        0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 7c8e
        // marker: 16 bytes
        'G', 'R', 'A', 'N', 'A', 'R', 'Y', ' ',         // 7c96
        'V', 'M', ' ', 'W', 'R', 'O', 'T', 'E',         // 7c9e
        // drive:
        0x00,                                           // 7ca6
    };

    static {
        if (PROGRAM.length != PROGRAM_BYTES) {
            throw new IllegalStateException("the boot program is " + PROGRAM.length + " bytes, but its listing's "
                    + "addresses assume " + PROGRAM_BYTES);
        }
        if (!MARKER.equals(new String(Arrays.copyOfRange(bytes(), 0x96, 0xa6), StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("the marker in the program is not " + MARKER);
        }
    }

    private BootSector() {
    }

    /** The boot sector: the program, zeroes, and the signature 0x55 0xAA in its last two bytes. */
    static byte[] bytes() {
        byte[] sector = new byte[SECTOR_BYTES];
        for (int i = 0; i < PROGRAM.length; i++) {
            sector[i] = (byte) PROGRAM[i];
        }
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        return sector;
    }

    /** The sector the VM writes after reading {@code messageSector}: the marker, then its first 496 bytes. */
    static byte[] writtenSector(byte[] messageSector) {
        byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
        byte[] sector = new byte[SECTOR_BYTES];
        System.arraycopy(marker, 0, sector, 0, marker.length);
        System.arraycopy(messageSector, 0, sector, marker.length, SECTOR_BYTES - marker.length);
        return sector;
    }
}
