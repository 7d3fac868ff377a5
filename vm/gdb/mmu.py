"""Virtual-to-physical translation for the debugger: an Sv32 walk in Python.

gdb's addresses are virtual addresses of the current address space, so the
stub translates them the way the hart would for its current privilege: bare
in M-mode or when satp.MODE is Bare, Sv32 otherwise.  Unlike the hart, the
debugger may look at any valid mapping (U or not, readable or not) and
never sets the accessed/dirty bits: looking must not change the machine.
"""
from __future__ import annotations

from typing import Callable

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
SATP_MODE_SV32 = 1 << 31
PTE_V, PTE_R, PTE_W, PTE_X = 1, 2, 4, 8
PRIV_M = 3


def translate(vaddr: int, satp: int, priv: int,
              read_phys32: Callable[[int], int | None]) -> int | None:
    """The physical address for `vaddr`, or None when it is not mapped.

    read_phys32(paddr) reads a page-table word, or returns None when the
    physical address is not RAM (a corrupt table must not crash the stub).
    """
    vaddr &= 0xFFFFFFFF
    if priv == PRIV_M or not satp & SATP_MODE_SV32:
        return vaddr
    table = (satp & 0x3FFFFF) << PAGE_SHIFT
    vpn = ((vaddr >> 12) & 0x3FF, (vaddr >> 22) & 0x3FF)
    for level in (1, 0):
        pte = read_phys32(table + vpn[level] * 4)
        if pte is None or not pte & PTE_V or (pte & PTE_W and not pte & PTE_R):
            return None
        ppn = pte >> 10
        if pte & (PTE_R | PTE_X):          # a leaf
            if level == 1:
                if ppn & 0x3FF:            # misaligned superpage: the hart faults too
                    return None
                return ((ppn >> 10) << 22) | (vaddr & 0x3FFFFF)
            return (ppn << PAGE_SHIFT) | (vaddr & (PAGE_SIZE - 1))
        table = ppn << PAGE_SHIFT
    return None                            # a pointer at level 0: not a valid mapping
