"""The board's memory map: QEMU `virt` for rv32 (DESIGN.md section 2).

The one source of truth for device addresses, sizes and IRQ numbers; the
registers inside each device are named in vm/devices/registers.py.  The VM's
bus dispatches on these constants and the kernel's ABI generator imports them,
so a device moves by editing this file only.
"""

# Boot ROM: QEMU's reset vector lives here and jumps to the ELF entry.
BOOT_ROM_BASE = 0x0000_1000
BOOT_ROM_SIZE = 0x0000_1000

# sifive_test: the finisher (power off, fail with a code, reset).
SIFIVE_TEST_BASE = 0x0010_0000
SIFIVE_TEST_SIZE = 0x0000_1000

# CLINT (core-local interruptor): msip, mtimecmp and mtime of hart 0.
CLINT_BASE = 0x0200_0000
CLINT_SIZE = 0x0001_0000
TIMEBASE_HZ = 10_000_000          # mtime ticks per second, as on QEMU virt

# PLIC: hart 0 has context 0 (M-mode) and context 1 (S-mode).
PLIC_BASE = 0x0C00_0000
PLIC_SIZE = 0x0400_0000

# UART 16550A.
UART_BASE = 0x1000_0000
UART_SIZE = 0x0000_0100
UART_IRQ = 10

# virtio-mmio slots (version 2); slot i raises IRQ VIRTIO_IRQ_BASE + i.
VIRTIO_BASE = 0x1000_1000
VIRTIO_STRIDE = 0x1000
VIRTIO_SLOTS = 8
VIRTIO_IRQ_BASE = 1

# RAM.
RAM_BASE = 0x8000_0000
DEFAULT_RAM_MB = 128


def fdt_address(ram_bytes: int) -> int:
    """Where QEMU 7.2 puts the device tree: 2 MiB below the end of RAM (capped at 3 GiB)."""
    end = min(RAM_BASE + ram_bytes, 0xC000_0000)
    return end - 0x20_0000
