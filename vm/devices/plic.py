"""PLIC for hart 0: context 0 is M-mode (MEIP), context 1 is S-mode (SEIP).

Window: priorities, pending, claimed, enables, thresholds and the two outputs.
Source levels are set by the bus after each access to a device with an IRQ
(`set_level`); like QEMU's sifive_plic, pending follows the level, a claim clears
pending and marks the source claimed until the guest completes it.
"""
from numba import njit

from vm import state as S
from vm.devices import WRITE_OK, lane, no_host_side, no_irq_line
from vm.devices import registers as R

N = R.PLIC_NUM_SOURCES
PRIORITY = 0
PENDING = N
CLAIMED = 2 * N
ENABLE = 3 * N          # + ctx * N
THRESHOLD = ENABLE + R.PLIC_NUM_CONTEXTS * N     # + ctx
ASSERTED = THRESHOLD + R.PLIC_NUM_CONTEXTS       # + ctx: best_source(ctx) != 0, kept up to date so reading mip is cheap
WINDOW_WORDS = ASSERTED + R.PLIC_NUM_CONTEXTS


def reset(dev, win, deterministic):
    dev[win:win + WINDOW_WORDS] = 0


poll = no_host_side
irq_level = no_irq_line          # its outputs are MEIP/SEIP (ASSERTED), read by the core


@njit(cache=True)
def set_level(dev, win, source, level):
    dev[win + PENDING + source] = 1 if level else 0
    update(dev, win)


@njit(cache=True)
def update(dev, win):
    """Recompute the two interrupt outputs (MEIP for context 0, SEIP for context 1)."""
    for ctx in range(R.PLIC_NUM_CONTEXTS):
        dev[win + ASSERTED + ctx] = 1 if best_source(dev, win, ctx) else 0


@njit(cache=True)
def best_source(dev, win, ctx):
    """The enabled, pending, unclaimed source with the highest priority above the threshold, or 0."""
    best = 0
    best_prio = dev[win + THRESHOLD + ctx]
    for src in range(1, N):
        if dev[win + PENDING + src] and not dev[win + CLAIMED + src] and dev[win + ENABLE + ctx * N + src]:
            prio = dev[win + PRIORITY + src]
            if prio > best_prio:
                best = src
                best_prio = prio
    return best


@njit(cache=True)
def read(dev, win, st, ram, offset, size):
    st[S.IRQ_RECHECK] = 1        # a claim changes MEIP/SEIP
    return lane(_register(dev, win, offset & ~3), offset, size)


@njit(cache=True)
def _register(dev, win, offset):
    if offset < R.PLIC_PENDING:
        src = offset >> 2
        return dev[win + PRIORITY + src] if src < N else 0
    if offset < R.PLIC_ENABLE:
        word = (offset - R.PLIC_PENDING) >> 2
        return _bits(dev, win, PENDING, word)
    if offset < R.PLIC_CONTEXT:
        ctx = (offset - R.PLIC_ENABLE) // R.PLIC_ENABLE_STRIDE
        word = ((offset - R.PLIC_ENABLE) % R.PLIC_ENABLE_STRIDE) >> 2
        if ctx >= R.PLIC_NUM_CONTEXTS:
            return 0
        return _bits(dev, win, ENABLE + ctx * N, word)
    ctx = (offset - R.PLIC_CONTEXT) // R.PLIC_CONTEXT_STRIDE
    reg = (offset - R.PLIC_CONTEXT) % R.PLIC_CONTEXT_STRIDE
    if ctx >= R.PLIC_NUM_CONTEXTS:
        return 0
    if reg == R.PLIC_THRESHOLD:
        return dev[win + THRESHOLD + ctx]
    if reg == R.PLIC_CLAIM:
        src = best_source(dev, win, ctx)
        if src:
            dev[win + PENDING + src] = 0
            dev[win + CLAIMED + src] = 1
            update(dev, win)
        return src
    return 0


@njit(cache=True)
def write(dev, win, st, ram, offset, size, value):
    _write(dev, win, offset & ~3, value & 0xFFFFFFFF)
    update(dev, win)
    st[S.IRQ_RECHECK] = 1
    return WRITE_OK


@njit(cache=True)
def _write(dev, win, offset, value):
    if offset < R.PLIC_PENDING:
        src = offset >> 2
        if 0 < src < N:
            dev[win + PRIORITY + src] = value & R.PLIC_PRIORITY_MASK
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
                    dev[win + ENABLE + ctx * N + src] = (value >> bit) & 1
        return
    ctx = (offset - R.PLIC_CONTEXT) // R.PLIC_CONTEXT_STRIDE
    reg = (offset - R.PLIC_CONTEXT) % R.PLIC_CONTEXT_STRIDE
    if ctx >= R.PLIC_NUM_CONTEXTS:
        return
    if reg == R.PLIC_THRESHOLD:
        dev[win + THRESHOLD + ctx] = value & R.PLIC_PRIORITY_MASK
    elif reg == R.PLIC_CLAIM:           # complete
        if 0 < value < N:               # QEMU 7.2 does not check the enable bit here
            dev[win + CLAIMED + value] = 0


@njit(cache=True)
def _bits(dev, win, base, word):
    out = 0
    for bit in range(32):
        src = word * 32 + bit
        if src < N and dev[win + base + src]:
            out |= 1 << bit
    return out
