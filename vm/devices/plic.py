"""PLIC for hart 0: context 0 is M-mode (MEIP), context 1 is S-mode (SEIP).

State: one int64 array.  Source levels are sampled from the devices by
`update()`; like QEMU's sifive_plic, pending follows the level, a claim clears
pending and marks the source claimed until the guest completes it.
"""
import numpy as np
from numba import njit

from vm.devices import registers as R

N = R.PLIC_NUM_SOURCES
PRIORITY = 0
PENDING = N
CLAIMED = 2 * N
ENABLE = 3 * N          # + ctx * N
THRESHOLD = ENABLE + R.PLIC_NUM_CONTEXTS * N     # + ctx
ASSERTED = THRESHOLD + R.PLIC_NUM_CONTEXTS       # + ctx: best_source(ctx) != 0, kept up to date so reading mip is cheap
PLIC_STATE_SIZE = ASSERTED + R.PLIC_NUM_CONTEXTS


def new_state():
    return np.zeros(PLIC_STATE_SIZE, dtype=np.int64)


@njit(cache=True)
def set_level(plic, source, level):
    plic[PENDING + source] = 1 if level else 0
    update(plic)


@njit(cache=True)
def update(plic):
    """Recompute the two interrupt outputs (MEIP for context 0, SEIP for context 1)."""
    for ctx in range(R.PLIC_NUM_CONTEXTS):
        plic[ASSERTED + ctx] = 1 if best_source(plic, ctx) else 0


@njit(cache=True)
def best_source(plic, ctx):
    """The enabled, pending, unclaimed source with the highest priority above the threshold, or 0."""
    best = 0
    best_prio = plic[THRESHOLD + ctx]
    for src in range(1, N):
        if plic[PENDING + src] and not plic[CLAIMED + src] and plic[ENABLE + ctx * N + src]:
            prio = plic[PRIORITY + src]
            if prio > best_prio:
                best = src
                best_prio = prio
    return best


@njit(cache=True)
def read(plic, offset, size):
    if offset < R.PLIC_PENDING:
        src = offset >> 2
        return plic[PRIORITY + src] if src < N else 0
    if offset < R.PLIC_ENABLE:
        word = (offset - R.PLIC_PENDING) >> 2
        return _bits(plic, PENDING, word)
    if offset < R.PLIC_CONTEXT:
        ctx = (offset - R.PLIC_ENABLE) // R.PLIC_ENABLE_STRIDE
        word = ((offset - R.PLIC_ENABLE) % R.PLIC_ENABLE_STRIDE) >> 2
        if ctx >= R.PLIC_NUM_CONTEXTS:
            return 0
        return _bits(plic, ENABLE + ctx * N, word)
    ctx = (offset - R.PLIC_CONTEXT) // R.PLIC_CONTEXT_STRIDE
    reg = (offset - R.PLIC_CONTEXT) % R.PLIC_CONTEXT_STRIDE
    if ctx >= R.PLIC_NUM_CONTEXTS:
        return 0
    if reg == R.PLIC_THRESHOLD:
        return plic[THRESHOLD + ctx]
    if reg == R.PLIC_CLAIM:
        src = best_source(plic, ctx)
        if src:
            plic[PENDING + src] = 0
            plic[CLAIMED + src] = 1
            update(plic)
        return src
    return 0


@njit(cache=True)
def write(plic, offset, size, value):
    _write(plic, offset, value & 0xFFFFFFFF)
    update(plic)


@njit(cache=True)
def _write(plic, offset, value):
    if offset < R.PLIC_PENDING:
        src = offset >> 2
        if 0 < src < N:
            plic[PRIORITY + src] = value & R.PLIC_PRIORITY_MASK
        return
    if offset < R.PLIC_ENABLE:
        return                          # pending bits are read-only
    if offset < R.PLIC_CONTEXT:
        ctx = (offset - R.PLIC_ENABLE) // R.PLIC_ENABLE_STRIDE
        word = ((offset - R.PLIC_ENABLE) % R.PLIC_ENABLE_STRIDE) >> 2
        if ctx < R.PLIC_NUM_CONTEXTS:
            for bit in range(32):
                src = word * 32 + bit
                if 0 < src < N:
                    plic[ENABLE + ctx * N + src] = (value >> bit) & 1
        return
    ctx = (offset - R.PLIC_CONTEXT) // R.PLIC_CONTEXT_STRIDE
    reg = (offset - R.PLIC_CONTEXT) % R.PLIC_CONTEXT_STRIDE
    if ctx >= R.PLIC_NUM_CONTEXTS:
        return
    if reg == R.PLIC_THRESHOLD:
        plic[THRESHOLD + ctx] = value & R.PLIC_PRIORITY_MASK
    elif reg == R.PLIC_CLAIM:           # complete
        if 0 < value < N:               # QEMU 7.2 does not check the enable bit here
            plic[CLAIMED + value] = 0


@njit(cache=True)
def _bits(plic, base, word):
    out = 0
    for bit in range(32):
        src = word * 32 + bit
        if src < N and plic[base + src]:
            out |= 1 << bit
    return out
