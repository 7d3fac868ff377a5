"""The observers' Sv32 walker (vm/pagewalk.py) against the spec's formulas and against the hart's own walk.

Oracle 1: page tables built by hand from the Sv32 formulas (privileged spec
4.3.2) map what they should.  Oracle 2: on random page-table entries, the
walker finds exactly the mappings the MMU's walk (vm/mmu.py, which checks
permissions and sets A/D) lets S-mode read with SUM and MXR set (every leaf
readable), at the same physical address, and, unlike it, changes no byte of
memory.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from asm.csrs import CSR_NUMBERS
from vm import riscv as RV
from vm import state as S
from vm.memmap import RAM_BASE
from vm.pagewalk import NO_MAPPING, peek_translate

RAM_MB = 8
ROOT = RAM_BASE
SATP = RV.SATP_MODE_SV32 | (ROOT >> 12)


class PageTables:
    """Physical memory (RAM_MB of RAM at RAM_BASE) holding page-table words written by hand."""

    def __init__(self):
        self.ram = np.zeros(RAM_MB << 20, dtype=np.uint8)

    def poke(self, paddr, word):
        self.ram.view(np.uint32)[(paddr - RAM_BASE) >> 2] = word

    def map(self, vaddr, paddr, flags=0xF, superpage=False):
        vpn1, vpn0 = (vaddr >> 22) & 0x3FF, (vaddr >> 12) & 0x3FF
        if superpage:
            self.poke(ROOT + 4 * vpn1, ((paddr >> 12) << 10) | flags)
            return
        l0 = RAM_BASE + 0x100000 + 0x1000 * vpn1
        self.poke(ROOT + 4 * vpn1, ((l0 >> 12) << 10) | 1)
        self.poke(l0 + 4 * vpn0, ((paddr >> 12) << 10) | flags)

    def translate(self, vaddr, satp=SATP):
        pa, perms = peek_translate(self.ram, RAM_BASE, satp, vaddr)
        return None if pa == NO_MAPPING else (int(pa), int(perms))


@given(st.integers(0, 0x3FF), st.integers(0, 0x3FF), st.integers(0, 0xFFF),
       st.integers(0x80200, 0xFFFFF))
def test_finds_4k_pages_and_superpages(vpn1, vpn0, offset, ppn):
    tables = PageTables()
    vaddr = (vpn1 << 22) | (vpn0 << 12) | offset
    tables.map(vaddr, ppn << 12, flags=0x17)                 # V R W U
    assert tables.translate(vaddr) == ((ppn << 12) | offset, RV.PTE_R | RV.PTE_W | RV.PTE_U)
    assert tables.translate(vaddr ^ 0x1000) is None          # the neighbour is unmapped
    assert tables.translate(vaddr, satp=ROOT >> 12) == (vaddr, RV.PTE_R | RV.PTE_W | RV.PTE_X)   # bare

    mega = PageTables()
    mega.map(vaddr, 0x80400000, flags=0xB, superpage=True)   # V R X
    assert mega.translate(vaddr) == (0x80400000 | (vaddr & 0x3FFFFF), RV.PTE_R | RV.PTE_X)


def test_rejects_what_the_hart_rejects():
    tables = PageTables()
    tables.map(0x1000, 0x80300000, flags=0x5)                # W without R: reserved
    tables.map(0x00400000, 0x80401000, flags=0xF, superpage=True)   # misaligned superpage
    assert tables.translate(0x1000) is None
    assert tables.translate(0x00400000) is None
    outside = RV.SATP_MODE_SV32 | 0x1000                       # root table not in RAM
    assert tables.translate(0x1000, satp=outside) is None


L0 = RAM_BASE + 0x1000
PPNS = st.one_of(st.just(L0 >> 12), st.integers(0, (1 << 22) - 1),
                 st.integers(RAM_BASE >> 12, (RAM_BASE + (RAM_MB << 20) - 1) >> 12))


@settings(max_examples=300, deadline=None)
@given(va=st.integers(0, 0xFFFFFFFF), root_flags=st.integers(0, 0xFF), root_ppn=PPNS,
       leaf_flags=st.integers(0, 0xFF), leaf_ppn=PPNS)
def test_agrees_with_the_harts_walk_and_changes_nothing(va, root_flags, root_ppn, leaf_flags, leaf_ppn):
    from vm.machine import Machine
    from vm.mmu import walk
    tables = PageTables()
    tables.poke(ROOT + 4 * ((va >> 22) & 0x3FF), (root_ppn << 10) | root_flags)
    tables.poke(L0 + 4 * ((va >> 12) & 0x3FF), (leaf_ppn << 10) | leaf_flags)
    before = tables.ram.copy()

    got = tables.translate(va)

    assert np.array_equal(tables.ram, before)                # looking changed nothing
    m = Machine(ram_mb=RAM_MB)
    m.ram[:] = before
    m.csrs[CSR_NUMBERS["satp"]] = SATP
    m.csrs[CSR_NUMBERS["mstatus"]] = RV.MSTATUS_SUM | RV.MSTATUS_MXR   # S-mode may read every leaf
    pa, _ = walk(m.st, m.csrs, m.ram, m.ram32, va, RV.ACCESS_READ, RV.TLB_KEY_S)
    if pa < 0:
        assert got is None
        assert m.st[S.TRAP_CAUSE] in (RV.CAUSE_LOAD_PAGE_FAULT, RV.CAUSE_LOAD_ACCESS)
    else:
        assert got is not None and got[0] == pa
