"""CLINT (core-local interruptor) of hart 0: msip, mtimecmp, mtime.

State: an int64 array, CLINT_STATE_SIZE long.  `mtime` itself is not stored
here: it is derived from the state vector (see `mtime()`), so deterministic
time follows retired instructions and real time is rebased by the host.
"""
import numpy as np
from numba import njit

from vm.devices import registers as R
from vm import state as S

MSIP = 0
MTIMECMP = 1
CLINT_STATE_SIZE = 4


def new_state():
    return np.zeros(CLINT_STATE_SIZE, dtype=np.int64)


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
def read(clint, st, offset, size):
    """The 32-bit register word containing `offset` (the bus extracts narrower sizes)."""
    word = offset & ~3
    if word == R.CLINT_MSIP:
        return clint[MSIP]
    if word == R.CLINT_MTIMECMP:
        return clint[MTIMECMP] & 0xFFFFFFFF
    if word == R.CLINT_MTIMECMP + 4:
        return (clint[MTIMECMP] >> 32) & 0xFFFFFFFF
    if word == R.CLINT_MTIME:
        return mtime(st) & 0xFFFFFFFF
    if word == R.CLINT_MTIME + 4:
        return (mtime(st) >> 32) & 0xFFFFFFFF
    return 0


@njit(cache=True)
def write(clint, st, offset, size, value):
    """Write a 32-bit register (narrower writes are merged by the bus)."""
    word = offset & ~3
    value &= 0xFFFFFFFF
    if word == R.CLINT_MSIP:
        clint[MSIP] = value & 1
    elif word == R.CLINT_MTIMECMP:
        clint[MTIMECMP] = (clint[MTIMECMP] & ~0xFFFFFFFF) | value
    elif word == R.CLINT_MTIMECMP + 4:
        clint[MTIMECMP] = (clint[MTIMECMP] & 0xFFFFFFFF) | (value << 32)
    elif word == R.CLINT_MTIME:
        set_mtime(st, (mtime(st) & ~0xFFFFFFFF) | value)
    elif word == R.CLINT_MTIME + 4:
        set_mtime(st, (mtime(st) & 0xFFFFFFFF) | (value << 32))
    st[S.IRQ_RECHECK] = 1
