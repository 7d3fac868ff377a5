"""Read guest memory for the tracer: physical RAM, and virtual through a page table.

The decoder shows string and buffer arguments by reading the caller's memory
through the page table recorded with the syscall (its satp), with the
observers' walker (vm/pagewalk.py: no accessed/dirty bit set, no trap):
looking must not change the guest.  Every read answers None instead of raising when an
address is unmapped or outside RAM.
"""
from __future__ import annotations

import numpy as np

from vm.memmap import RAM_BASE
from vm.pagewalk import NO_MAPPING, peek_translate
from vm.riscv import PAGE_SIZE


class MemView:
    def __init__(self, ram: np.ndarray, ram_base: int = RAM_BASE):
        self.ram = ram
        self.ram_base = ram_base

    def read_phys(self, paddr: int, n: int) -> bytes | None:
        off = paddr - self.ram_base
        if n < 0 or off < 0 or off + n > self.ram.shape[0]:
            return None
        return self.ram[off:off + n].tobytes()

    def translate(self, satp: int, vaddr: int) -> int | None:
        """Physical address of `vaddr` under `satp` (bare mode: itself), or None."""
        paddr, _ = peek_translate(self.ram, self.ram_base, satp, vaddr)
        return None if paddr == NO_MAPPING else int(paddr)

    def read_virt(self, satp: int, vaddr: int, n: int) -> bytes | None:
        """n bytes at vaddr, page by page; None if any page is unmapped."""
        out = bytearray()
        while n > 0:
            paddr = self.translate(satp, vaddr)
            chunk = min(n, PAGE_SIZE - (vaddr & (PAGE_SIZE - 1)))
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
