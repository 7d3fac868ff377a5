"""Looking through the guest's Sv32 page tables without touching anything: the one walker for observers.

The hart's own walk (vm/mmu.py `walk`) checks the mode's permissions, sets
the accessed/dirty bits and raises page faults, as the spec requires.  An
observer must change nothing: the GDB stub (vm/gdb/target.py), the tracer's
recorder inside the core (vm/trace/record.py) and its host-side reader
(vm/trace/memview.py) all use `peek_translate` instead.  It follows the same
PTE rules (vm/riscv.py) to a leaf and answers with the physical address and
the leaf's permission bits; it sets no bit, fills no TLB and takes no trap.

Jitted, so the recorder calls it from inside the core; the host calls the
same compiled function.
"""
import numpy as np
from numba import njit

from vm import riscv as RV

NO_MAPPING = -1
BARE_PERMISSIONS = RV.PTE_R | RV.PTE_W | RV.PTE_X     # satp bare: every address is itself
LEAF_PERMISSIONS = RV.PTE_R | RV.PTE_W | RV.PTE_X | RV.PTE_U


@njit(cache=True)
def _table_word(ram, ram_base, paddr):
    """The little-endian page-table word at physical `paddr`, or -1 outside RAM."""
    off = paddr - ram_base
    if off < 0 or off + RV.PTE_SIZE > ram.shape[0]:
        return np.int64(-1)
    return (np.int64(ram[off]) | (np.int64(ram[off + 1]) << 8)
            | (np.int64(ram[off + 2]) << 16) | (np.int64(ram[off + 3]) << 24))


@njit(cache=True)
def peek_translate(ram, ram_base, satp, va):
    """(physical address, permission bits) of `va` under `satp`, or (NO_MAPPING, 0).

    The permissions are the leaf's R/W/X/U bits (BARE_PERMISSIONS when satp is
    bare); what the current mode may do with them is the caller's business.  No
    mapping: an invalid or reserved (W without R) PTE, a pointer at the last
    level, a misaligned superpage, or a table outside RAM (`ram` holds physical
    memory from `ram_base` on).
    """
    va = np.int64(va) & RV.XLEN_MASK
    if not satp & RV.SATP_MODE_SV32:
        return va, np.int64(BARE_PERMISSIONS)
    table = (np.int64(satp) & RV.SATP_PPN_MASK) << RV.PAGE_SHIFT
    for level in range(1, -1, -1):
        vpn = (va >> (RV.PAGE_SHIFT + RV.VPN_BITS * level)) & RV.VPN_MASK
        pte = _table_word(ram, ram_base, table + vpn * RV.PTE_SIZE)
        if pte < 0 or not pte & RV.PTE_V or (pte & RV.PTE_W and not pte & RV.PTE_R):
            return np.int64(NO_MAPPING), np.int64(0)
        ppn = pte >> RV.PTE_PPN_SHIFT
        if pte & (RV.PTE_R | RV.PTE_X):                       # a leaf
            if level == 1:
                if ppn & RV.VPN_MASK:
                    return np.int64(NO_MAPPING), np.int64(0)   # misaligned superpage
                pa = ((ppn >> RV.VPN_BITS) << RV.MEGAPAGE_SHIFT) | (va & RV.MEGAPAGE_OFFSET_MASK)
            else:
                pa = (ppn << RV.PAGE_SHIFT) | (va & RV.PAGE_OFFSET_MASK)
            return pa, pte & LEAF_PERMISSIONS
        table = ppn << RV.PAGE_SHIFT
    return np.int64(NO_MAPPING), np.int64(0)          # a pointer at level 0
