"""The GDB stub's hooks inside the jitted core: watchpoint checks on cold paths.

The core calls these only from its slow paths (TLB fill, load_slow,
store_slow) and only when st[DEBUG] says a debugger wants them, so a machine
without gdb attached pays one array read per TLB miss and nothing on hits.

Watchpoints live in the state vector (state.WATCH_SLOTS: WATCH_MAX slots of
first virtual address, end, WATCH_READ|WATCH_WRITE).  A watched page never
gets a read or write TLB entry, so every access to it takes the slow path,
where check_watch compares it with the watched ranges.  A hit records which
watchpoint in st[WATCH_HIT] and raises the pseudo exception CAUSE_WATCH, which
take_trap (vm/traps.py) turns into a stop *before* the access: gdb treats
RISC-V watchpoints as non-steppable, so it expects the pc on the load/store
and steps over it itself with the watchpoints removed.
"""
from numba import njit

from vm import state as S


@njit(cache=True)
def watched_page(st, va):
    """True if any watchpoint covers a byte of the 4 KiB page holding `va`."""
    page = va >> 12
    for i in range(S.WATCH_MAX):
        base = S.WATCH_SLOTS + 3 * i
        if st[base + 2] and (st[base] >> 12) <= page <= ((st[base + 1] - 1) >> 12):
            return True
    return False


@njit(cache=True)
def check_watch(st, va, size, kind):
    """True, with CAUSE_WATCH raised, if [va, va + size) overlaps a watchpoint of this kind."""
    for i in range(S.WATCH_MAX):
        base = S.WATCH_SLOTS + 3 * i
        if st[base + 2] & kind and va < st[base + 1] and st[base] < va + size:
            st[S.WATCH_HIT] = i + 1
            st[S.TRAP_CAUSE] = S.CAUSE_WATCH
            st[S.TRAP_TVAL] = va
            return True
    return False
