"""The board's devices: one module per device kind, all with the same entry points.

The board is the table in vm/memmap.py (BOARD: name, base, size, kind, IRQ);
vm/devices/board.py binds each row to its module and gives it a window of the
one device-state array `dev` (int64) that the jitted core receives.  Every
device module has, over (dev, win) with `win` its window's first index:

    read(dev, win, st, ram, offset, size)         jitted: the value, zero-extended, or BUS_FAULT
    write(dev, win, st, ram, offset, size, value) jitted: WRITE_OK, WRITE_FAULT or WRITE_STOP
    irq_level(dev, win)                           jitted: 0 or 1, sampled into the PLIC after an access
    reset(dev, win, deterministic)                host: the machine's reset
    poll(dev, win, st, ram)                       host: between runs (input, disk, sockets)
    WINDOW_WORDS                                  how much of `dev` it needs

Register offsets and bits the guest sees are named in registers.py.  A write
that needs the host (output full, power off, a virtio notify for a host-backed
device) sets st[STOP] and returns WRITE_STOP; the CPU finishes the instruction
and returns.
"""
import numpy as np
from numba import njit

BUS_FAULT = -1        # read: access fault
WRITE_OK = 0
WRITE_FAULT = 1
WRITE_STOP = 2        # the write asks the run loop to return to the host


@njit(cache=True)
def ram_read(ram, off, size):
    """The little-endian value of `size` bytes at RAM offset `off` (the caller checked the bounds)."""
    value = 0
    for i in range(size):
        value |= np.int64(ram[off + i]) << (8 * i)
    return value


@njit(cache=True)
def ram_write(ram, off, size, value):
    for i in range(size):
        ram[off + i] = (value >> (8 * i)) & 0xFF


@njit(cache=True)
def no_irq_line(dev, win):
    """irq_level of a device wired to no PLIC source."""
    return 0


def no_host_side(*args) -> None:
    """reset or poll of a device that has nothing to do there."""


@njit(cache=True)
def lane(word, offset, size):
    """The `size`-byte part of a 32-bit register word that an access at `offset` reads."""
    shift = (offset & 3) * 8
    if size == 4:
        return word & 0xFFFFFFFF
    if size == 2:
        return (word >> shift) & 0xFFFF
    return (word >> shift) & 0xFF
