"""CLINT (core-local interruptor) of hart 0: msip, mtimecmp, mtime.

Window: MSIP and MTIMECMP.  `mtime` itself is not stored here: it is derived
from the state vector (see `mtime()`), so deterministic time follows retired
instructions and real time is rebased by the host.  Its level is read by the
core (traps.hardware_mip) as MTIP/MSIP, not through the PLIC.
"""
import numpy as np
from numba import njit

from vm import state as S
from vm.devices import WRITE_OK, lane, no_host_side, no_irq_line
from vm.devices import registers as R

MSIP = 0
MTIMECMP = 1
WINDOW_WORDS = 2


def reset(dev, win, deterministic):
    dev[win:win + WINDOW_WORDS] = 0


poll = no_host_side
irq_level = no_irq_line          # wired to mip directly (traps.hardware_mip), not to the PLIC


@njit(cache=True)
def mtime(st):
    div = st[S.TICK_DIV]
    if div == 0:
        return st[S.MTIME_BASE]
    return st[S.MTIME_BASE] + (st[S.INSTRET] - st[S.MTIME_INSTRET0]) // div


@njit(cache=True)
def reached(now, compare):
    """mtime >= a 64-bit compare value, unsigned (all ones means never)."""
    return np.uint64(now) >= np.uint64(compare)


@njit(cache=True)
def set_mtime(st, value):
    st[S.MTIME_BASE] = value
    st[S.MTIME_INSTRET0] = st[S.INSTRET]


@njit(cache=True)
def _word(dev, win, st, word):
    """The 32-bit register at `word` (a multiple of 4)."""
    if word == R.CLINT_MSIP:
        return dev[win + MSIP]
    if word == R.CLINT_MTIMECMP:
        return dev[win + MTIMECMP] & 0xFFFFFFFF
    if word == R.CLINT_MTIMECMP + 4:
        return (dev[win + MTIMECMP] >> 32) & 0xFFFFFFFF
    if word == R.CLINT_MTIME:
        return mtime(st) & 0xFFFFFFFF
    if word == R.CLINT_MTIME + 4:
        return (mtime(st) >> 32) & 0xFFFFFFFF
    return 0


@njit(cache=True)
def read(dev, win, st, ram, offset, size):
    return lane(_word(dev, win, st, offset & ~3), offset, size)


@njit(cache=True)
def write(dev, win, st, ram, offset, size, value):
    """Narrower writes are merged into their 32-bit register."""
    word = offset & ~3
    if size != 4:
        shift = (offset & 3) * 8
        mask = ((1 << (size * 8)) - 1) << shift
        value = (_word(dev, win, st, word) & ~mask) | ((value << shift) & mask)
    value &= 0xFFFFFFFF
    if word == R.CLINT_MSIP:
        dev[win + MSIP] = value & 1
    elif word == R.CLINT_MTIMECMP:
        dev[win + MTIMECMP] = (dev[win + MTIMECMP] & ~0xFFFFFFFF) | value
    elif word == R.CLINT_MTIMECMP + 4:
        dev[win + MTIMECMP] = (dev[win + MTIMECMP] & 0xFFFFFFFF) | (value << 32)
    elif word == R.CLINT_MTIME:
        set_mtime(st, (mtime(st) & ~0xFFFFFFFF) | value)
    elif word == R.CLINT_MTIME + 4:
        set_mtime(st, (mtime(st) & 0xFFFFFFFF) | (value << 32))
    st[S.IRQ_RECHECK] = 1        # MTIP/MSIP may have changed
    return WRITE_OK
