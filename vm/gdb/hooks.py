"""The GDB stub's hooks inside the jitted core: watchpoint checks on cold paths.

The core calls these only from its slow paths (TLB fill, load_slow,
store_slow) and only when st[DEBUG] says a debugger wants them, so a machine
without gdb attached pays one array read per TLB miss and nothing on hits.

Watchpoints live in the state vector (state.WATCH_SLOTS: WATCH_MAX slots of
first virtual address, end, WATCH_READ|WATCH_WRITE).  A watched page never
gets a read or write TLB entry, so every access to it takes the slow path,
where check_watch compares it with the watched ranges.  A hit completes the
access, sets st[STOP] = STOP_WATCH and st[WATCH_HIT], and the core leaves the
loop once the instruction has retired: gdb expects to stop after the access.
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
    """Record a hit if [va, va + size) overlaps a watchpoint of this kind (WATCH_READ/WRITE)."""
    for i in range(S.WATCH_MAX):
        base = S.WATCH_SLOTS + 3 * i
        if st[base + 2] & kind and va < st[base + 1] and st[base] < va + size:
            st[S.WATCH_HIT] = i + 1
            st[S.STOP] = S.STOP_WATCH
            return
