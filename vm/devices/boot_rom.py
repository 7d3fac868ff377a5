"""The boot ROM at QEMU's reset vector: read-only words the loader fills (vm/loader.py).

Window: the ROM's 32-bit words, one per int64.  A machine reset keeps them
(the loader writes them after the reset); the core also fetches from here
(mmu.fetch_slow).
"""
from numba import njit

from vm import memmap
from vm.devices import WRITE_FAULT, lane, no_host_side, no_irq_line

WINDOW_WORDS = memmap.BOOT_ROM_SIZE // 4


reset = no_host_side             # the image stays; load_elf writes a new one
poll = no_host_side
irq_level = no_irq_line


@njit(cache=True)
def read(dev, win, st, ram, offset, size):
    return lane(dev[win + (offset >> 2)], offset, size)


@njit(cache=True)
def write(dev, win, st, ram, offset, size, value):
    return WRITE_FAULT
