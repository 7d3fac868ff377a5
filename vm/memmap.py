"""The board's memory map: QEMU `virt` for rv32 (DESIGN.md section 2).

The one source of truth for device addresses, sizes, models and IRQ numbers:
the table BOARD.  The VM's bus dispatches through it (vm/devices/board.py
binds each row to its model), the kernel's ABI generator imports the names
below it, and tests/vm/test_board_docs.py checks that DESIGN.md's table says
the same.  The registers inside each device are named in vm/devices/registers.py.
"""
from typing import NamedTuple


class Device(NamedTuple):
    name: str
    base: int
    size: int
    kind: str           # its model: a module of vm/devices/ (vm/devices/board.py binds them)
    irq: int            # the PLIC source it drives; 0 for none


# The board, QEMU virt's devices at QEMU virt's addresses.  The boot ROM is QEMU's reset
# vector (it jumps to the ELF entry); sifive_test powers off, fails with a code or resets;
# the CLINT holds msip, mtimecmp and mtime of hart 0; the PLIC has context 0 (M-mode) and
# context 1 (S-mode) of hart 0; virtio-mmio slot i raises IRQ 1 + i.
BOARD = (
    #      name           base                      size         kind           irq
    Device("boot_rom",    0x0000_1000,              0x0000_1000, "boot_rom",    0),
    Device("test",        0x0010_0000,              0x0000_1000, "sifive_test", 0),
    Device("clint",       0x0200_0000,              0x0001_0000, "clint",       0),
    Device("plic",        0x0C00_0000,              0x0400_0000, "plic",        0),
    Device("uart0",       0x1000_0000,              0x0000_0100, "uart",        10),
    *(Device(f"virtio{i}", 0x1000_1000 + 0x1000 * i, 0x0000_1000, "virtio_mmio", 1 + i)
      for i in range(8)),
)


def device(name: str) -> Device:
    """The BOARD row called `name`."""
    return next(row for row in BOARD if row.name == name)


# Names for the rows the kernel, the loader and the tests use (kernel/abi.toml imports them).
BOOT_ROM_BASE, BOOT_ROM_SIZE = device("boot_rom").base, device("boot_rom").size
SIFIVE_TEST_BASE = device("test").base
CLINT_BASE = device("clint").base
PLIC_BASE = device("plic").base
UART_BASE, UART_IRQ = device("uart0").base, device("uart0").irq
VIRTIO_BASE, VIRTIO_IRQ_BASE = device("virtio0").base, device("virtio0").irq
VIRTIO_STRIDE = device("virtio1").base - VIRTIO_BASE
VIRTIO_SLOTS = sum(row.kind == "virtio_mmio" for row in BOARD)
TIMEBASE_HZ = 10_000_000          # mtime ticks per second, as on QEMU virt

# RAM.
RAM_BASE = 0x8000_0000
DEFAULT_RAM_MB = 128


def fdt_address(ram_bytes: int) -> int:
    """Where QEMU 7.2 puts the device tree: 2 MiB below the end of RAM (capped at 3 GiB)."""
    end = min(RAM_BASE + ram_bytes, 0xC000_0000)
    return end - 0x20_0000
