"""Read guest memory for the tracer: physical RAM, and virtual through a page table.

The decoder shows string and buffer arguments by reading the caller's memory
through the page table recorded with the syscall (its satp), walking Sv32 as
the MMU does but without setting accessed/dirty bits: looking must not
change the guest.  Every read answers None instead of raising when an
address is unmapped or outside RAM.
"""
from __future__ import annotations

import numpy as np

from vm.memmap import RAM_BASE

PAGE = 4096
PTE_V, PTE_R, PTE_W, PTE_X = 1, 2, 4, 8
SATP_MODE_SV32 = 1 << 31


class MemView:
    def __init__(self, ram: np.ndarray, ram_base: int = RAM_BASE):
        self.ram = ram
        self.ram_base = ram_base

    def read_phys(self, paddr: int, n: int) -> bytes | None:
        off = paddr - self.ram_base
        if n < 0 or off < 0 or off + n > self.ram.shape[0]:
            return None
        return self.ram[off:off + n].tobytes()

    def _word(self, paddr: int) -> int | None:
        raw = self.read_phys(paddr, 4)
        return None if raw is None else int.from_bytes(raw, "little")

    def translate(self, satp: int, vaddr: int) -> int | None:
        """Physical address of `vaddr` under `satp` (bare mode: itself), or None."""
        vaddr &= 0xFFFFFFFF
        if not satp & SATP_MODE_SV32:
            return vaddr
        table = (satp & 0x3FFFFF) * PAGE
        for level in (1, 0):
            vpn = (vaddr >> (12 + 10 * level)) & 0x3FF
            pte = self._word(table + 4 * vpn)
            if pte is None or not pte & PTE_V or (not pte & PTE_R and pte & PTE_W):
                return None
            ppn = pte >> 10
            if pte & (PTE_R | PTE_X):                   # a leaf
                if level == 1:
                    if ppn & 0x3FF:
                        return None                     # misaligned superpage
                    return ((ppn >> 10) << 22) | (vaddr & 0x3FFFFF)
                return (ppn << 12) | (vaddr & 0xFFF)
            table = ppn * PAGE
        return None

    def read_virt(self, satp: int, vaddr: int, n: int) -> bytes | None:
        """n bytes at vaddr, page by page; None if any page is unmapped."""
        out = bytearray()
        while n > 0:
            paddr = self.translate(satp, vaddr)
            chunk = min(n, PAGE - (vaddr & (PAGE - 1)))
            data = None if paddr is None else self.read_phys(paddr, chunk)
            if data is None:
                return None
            out += data
            vaddr += chunk
            n -= chunk
        return bytes(out)

    def read_cstr(self, satp: int, vaddr: int, limit: int) -> tuple[bytes, bool] | None:
        """Bytes up to a NUL (excluded) and whether the string went past `limit`."""
        out = bytearray()
        while len(out) < limit:
            chunk = self.read_virt(satp, vaddr + len(out), 1)
            if chunk is None:
                return None if not out else (bytes(out), False)
            if chunk == b"\0":
                return bytes(out), False
            out += chunk
        return bytes(out), True
