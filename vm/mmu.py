"""Address translation (Sv32), PMP and the cold memory paths.

The TLB *hit* path lives inline in cpu.py; this file holds what runs on a
miss: the page-table walk (setting A/D bits as QEMU does), the PMP check,
TLB fills, misaligned and cross-page accesses, and device (MMIO) accesses.

TLB keys say in which mode a cached translation is valid (state.TLB_KEY_*):
0 U-mode Sv32, 1 S-mode Sv32, 2 M-mode (untranslated, no PMP), 3 S/U with
satp bare (untranslated, PMP applies).  Tags are (vpn << 2) | key; an entry's
read/write/exec tags are set only for the accesses it permits, so a hit is
one compare.  The write tag is set only once the PTE's D bit is set.
"""
import numpy as np
from numba import njit

from asm.csrs import CSR_NUMBERS
from vm import memmap
from vm import state as S
from vm.bus import bus_read, bus_write, BUS_FAULT, WRITE_FAULT, WRITE_OK, WRITE_STOP
from vm.gdb.hooks import check_watch, watched_page      # [gdb hook]

MSTATUS = CSR_NUMBERS["mstatus"]
SATP = CSR_NUMBERS["satp"]
PMPCFG0 = CSR_NUMBERS["pmpcfg0"]
PMPADDR0 = CSR_NUMBERS["pmpaddr0"]
PMP_ENTRIES = 16

MSTATUS_MPRV = 1 << 17
MSTATUS_SUM = 1 << 18
MSTATUS_MXR = 1 << 19

PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D = 1, 2, 4, 8, 16, 32, 64, 128
PERM_R, PERM_W, PERM_X = 1, 2, 4
TLB_MASK = S.TLB_ENTRIES - 1
NO_ADDRESS = -1


def new_tlb():
    return np.full(S.TLB_ENTRIES * S.TLB_WORDS, -1, dtype=np.int64)


@njit(cache=True)
def flush_tlb(tlb):
    tlb[:] = -1


@njit(cache=True)
def _key_for(priv, sv32):
    if priv == S.PRIV_M:
        return S.TLB_KEY_BARE
    if sv32:
        return priv          # TLB_KEY_U == PRIV_U, TLB_KEY_S == PRIV_S
    return 3


@njit(cache=True)
def update_keys(st, csrs):
    """Recompute the fetch and data TLB keys after a change of priv, mstatus or satp."""
    priv = st[S.PRIV]
    sv32 = (csrs[SATP] >> 31) & 1
    st[S.FETCH_KEY] = _key_for(priv, sv32)
    data_priv = priv
    mstatus = csrs[MSTATUS]
    if priv == S.PRIV_M and (mstatus & MSTATUS_MPRV):
        data_priv = (mstatus >> 11) & 3
    st[S.DATA_KEY] = _key_for(data_priv, sv32)


@njit(cache=True)
def _fault(st, access, va, page_fault):
    if page_fault:
        cause = S.CAUSE_LOAD_PAGE_FAULT
        if access == S.ACCESS_WRITE:
            cause = S.CAUSE_STORE_PAGE_FAULT
        elif access == S.ACCESS_EXEC:
            cause = S.CAUSE_FETCH_PAGE_FAULT
    else:
        cause = S.CAUSE_LOAD_ACCESS
        if access == S.ACCESS_WRITE:
            cause = S.CAUSE_STORE_ACCESS
        elif access == S.ACCESS_EXEC:
            cause = S.CAUSE_FETCH_ACCESS
    st[S.TRAP_CAUSE] = cause
    st[S.TRAP_TVAL] = va & 0xFFFFFFFF
    return NO_ADDRESS


@njit(cache=True)
def pmp_rule_count(csrs):
    n = 0
    for i in range(PMP_ENTRIES):
        cfg = (csrs[PMPCFG0 + (i >> 2)] >> ((i & 3) * 8)) & 0xFF
        if (cfg >> 3) & 3:
            n += 1
    return n


@njit(cache=True)
def pmp_match(csrs, pa):
    """Index of the first PMP entry matching physical address `pa`, or -1."""
    word = pa >> 2
    prev = 0
    for i in range(PMP_ENTRIES):
        cfg = (csrs[PMPCFG0 + (i >> 2)] >> ((i & 3) * 8)) & 0xFF
        addr = csrs[PMPADDR0 + i] & 0xFFFFFFFF
        mode = (cfg >> 3) & 3
        if mode == 1:            # TOR
            if prev <= word < addr:
                return i
        elif mode == 2:          # NA4
            if word == addr:
                return i
        elif mode == 3:          # NAPOT
            span = addr ^ (addr + 1)          # trailing ones plus the next bit
            if (word & ~span) == (addr & ~span):
                return i
        prev = addr
    return -1


@njit(cache=True)
def pmp_perms(csrs, pa, m_mode):
    """PERM_* bits PMP grants at `pa`, and the matching entry (-1: none)."""
    i = pmp_match(csrs, pa)
    if i < 0:
        if m_mode:
            return PERM_R | PERM_W | PERM_X, -1
        return 0, -1         # no match: S/U accesses fail (QEMU implements 16 entries)
    cfg = (csrs[PMPCFG0 + (i >> 2)] >> ((i & 3) * 8)) & 0xFF
    if m_mode and not (cfg & 0x80):
        return PERM_R | PERM_W | PERM_X, i
    perms = 0
    if cfg & 1:
        perms |= PERM_R
    if cfg & 2:
        perms |= PERM_W
    if cfg & 4:
        perms |= PERM_X
    return perms, i


@njit(cache=True)
def _access_bit(access):
    if access == S.ACCESS_WRITE:
        return PERM_W
    if access == S.ACCESS_EXEC:
        return PERM_X
    return PERM_R


@njit(cache=True)
def walk(st, csrs, ram, ram32, va, access, key):
    """Sv32 walk: (physical address, PERM_* bits the leaf grants in this mode) or (-1, 0) with a trap set."""
    ram_size = st[S.RAM_SIZE]
    satp = csrs[SATP]
    table = (satp & 0x3FFFFF) << 12
    level = 1
    pte = 0
    pte_addr = 0
    while True:
        vpn = (va >> 22) & 0x3FF if level == 1 else (va >> 12) & 0x3FF
        pte_addr = table + vpn * 4
        off = pte_addr - memmap.RAM_BASE
        if off < 0 or off >= ram_size:
            return _fault(st, access, va, False), 0
        pte = np.int64(ram32[off >> 2])
        if not (pte & PTE_V) or (not (pte & PTE_R) and (pte & PTE_W)):
            return _fault(st, access, va, True), 0
        if pte & (PTE_R | PTE_X):
            break
        if level == 0:
            return _fault(st, access, va, True), 0
        table = (pte >> 10) << 12
        level = 0
    # leaf: privilege, then permissions, then superpage alignment
    mstatus = csrs[MSTATUS]
    perms = 0
    if key == S.TLB_KEY_U:
        if not (pte & PTE_U):
            return _fault(st, access, va, True), 0
        if pte & PTE_R or ((mstatus & MSTATUS_MXR) and (pte & PTE_X)):
            perms |= PERM_R
        if pte & PTE_W:
            perms |= PERM_W
        if pte & PTE_X:
            perms |= PERM_X
    else:
        if pte & PTE_U:
            if not (mstatus & MSTATUS_SUM) or access == S.ACCESS_EXEC:
                return _fault(st, access, va, True), 0
        elif pte & PTE_X:
            perms |= PERM_X
        if pte & PTE_R or ((mstatus & MSTATUS_MXR) and (pte & PTE_X)):
            perms |= PERM_R
        if pte & PTE_W:
            perms |= PERM_W
    if not (perms & _access_bit(access)):
        return _fault(st, access, va, True), 0
    ppn = pte >> 10
    if level == 1:
        if ppn & 0x3FF:
            return _fault(st, access, va, True), 0      # misaligned superpage
        pa = ((ppn >> 10) << 22) | (va & 0x3FFFFF)
    else:
        pa = (ppn << 12) | (va & 0xFFF)
    # accessed/dirty: set by the machine, like QEMU
    want = PTE_A
    if access == S.ACCESS_WRITE:
        want |= PTE_D
    if (pte & want) != want:
        pte |= want
        ram32[(pte_addr - memmap.RAM_BASE) >> 2] = pte
    if not (pte & PTE_D):
        perms &= ~PERM_W     # the first store must come back here to set D
    return pa, perms


@njit(cache=True)
def translate(st, csrs, ram, ram32, tlb, va, access):
    """Physical address for `va`, filling the TLB for RAM pages; -1 with a trap set on a fault."""
    key = st[S.FETCH_KEY] if access == S.ACCESS_EXEC else st[S.DATA_KEY]
    va &= 0xFFFFFFFF
    if key == S.TLB_KEY_U or key == S.TLB_KEY_S:
        pa, perms = walk(st, csrs, ram, ram32, va, access, key)
        if pa < 0:
            return NO_ADDRESS
    else:
        pa = va
        perms = PERM_R | PERM_W | PERM_X
    m_mode = key == S.TLB_KEY_BARE
    pmp, entry = pmp_perms(csrs, pa, m_mode)
    if not (pmp & _access_bit(access)):
        return _fault(st, access, va, False)
    page_off = (pa & ~0xFFF) - memmap.RAM_BASE
    if 0 <= page_off < st[S.RAM_SIZE]:
        # cache the page only if one PMP entry covers all of it
        last_perm, last_entry = pmp_perms(csrs, pa | 0xFFF, m_mode)
        first_perm, first_entry = pmp_perms(csrs, pa & ~0xFFF, m_mode)
        if first_entry == entry and last_entry == entry:
            perms &= pmp
            if st[S.DEBUG] & S.DEBUG_WATCH and watched_page(st, va):
                perms &= ~(PERM_R | PERM_W)   # [gdb hook] watched page: accesses stay on the slow path
            vpn = va >> 12
            e = (vpn & TLB_MASK) * S.TLB_WORDS
            tag = (vpn << 2) | key
            if tlb[e] != tag and tlb[e + 1] != tag and tlb[e + 2] != tag:
                tlb[e] = -1
                tlb[e + 1] = -1
                tlb[e + 2] = -1
            tlb[e + 3] = page_off
            if perms & PERM_R:
                tlb[e] = tag
            if (perms & PERM_W) and (pa >> 12) != st[S.WATCH_STORE_PAGE]:
                tlb[e + 1] = tag
            if perms & PERM_X:
                tlb[e + 2] = tag
    return pa


@njit(cache=True)
def _ram_read(ram, off, size):
    value = 0
    for i in range(size):
        value |= np.int64(ram[off + i]) << (8 * i)
    return value


@njit(cache=True)
def _ram_write(ram, off, size, value):
    for i in range(size):
        ram[off + i] = (value >> (8 * i)) & 0xFF


@njit(cache=True)
def load_slow(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, va, size):
    """Zero-extended value of a `size`-byte load at `va`, or -1 with a trap set."""
    va &= 0xFFFFFFFF
    if (va & 0xFFF) + size > 0x1000:
        # crosses a page: byte by byte (misaligned accesses complete, as on QEMU)
        value = 0
        for i in range(size):
            b = _load_in_page(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, (va + i) & 0xFFFFFFFF, 1)
            if b < 0:
                return -1
            value |= b << (8 * i)
        return value
    return _load_in_page(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, va, size)


@njit(cache=True)
def _load_in_page(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, va, size):
    pa = translate(st, csrs, ram, ram32, tlb, va, S.ACCESS_READ)
    if pa < 0:
        return -1
    if st[S.DEBUG] & S.DEBUG_WATCH and check_watch(st, va, size, S.WATCH_READ):
        return -1                                             # [gdb hook] stop before the load
    off = pa - memmap.RAM_BASE
    if 0 <= off and off + size <= st[S.RAM_SIZE]:
        return _ram_read(ram, off, size)
    value = bus_read(st, rom, clint, plic, uart, pa, size)
    if value == BUS_FAULT:
        return _fault(st, S.ACCESS_READ, va, False)
    return value


@njit(cache=True)
def store_slow(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, va, size, value):
    """Store `size` bytes at `va`: WRITE_OK, WRITE_FAULT (trap set) or WRITE_STOP."""
    va &= 0xFFFFFFFF
    if (va & 0xFFF) + size > 0x1000:
        # probe every byte first so a fault leaves memory untouched
        for i in range(size):
            if translate(st, csrs, ram, ram32, tlb, (va + i) & 0xFFFFFFFF, S.ACCESS_WRITE) < 0:
                return WRITE_FAULT
        status = WRITE_OK
        for i in range(size):
            r = _store_in_page(st, csrs, ram, ram32, tlb, rom, clint, plic, uart,
                               (va + i) & 0xFFFFFFFF, 1, (value >> (8 * i)) & 0xFF)
            if r != WRITE_OK:
                status = r
        return status
    return _store_in_page(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, va, size, value)


@njit(cache=True)
def _store_in_page(st, csrs, ram, ram32, tlb, rom, clint, plic, uart, va, size, value):
    pa = translate(st, csrs, ram, ram32, tlb, va, S.ACCESS_WRITE)
    if pa < 0:
        return WRITE_FAULT
    if st[S.DEBUG] & S.DEBUG_WATCH and check_watch(st, va, size, S.WATCH_WRITE):
        return WRITE_FAULT                                    # [gdb hook] stop before the store
    off = pa - memmap.RAM_BASE
    if 0 <= off and off + size <= st[S.RAM_SIZE]:
        _ram_write(ram, off, size, value)
        if pa == st[S.TOHOST_PADDR]:
            word = _ram_read(ram, pa - memmap.RAM_BASE, 4)
            if word & 1:
                st[S.STOP] = S.STOP_TOHOST
                st[S.EXIT_CODE] = word >> 1
                return WRITE_STOP
        return WRITE_OK
    r = bus_write(st, rom, clint, plic, uart, pa, size, value & 0xFFFFFFFF)
    if r == WRITE_FAULT:
        _fault(st, S.ACCESS_WRITE, va, False)
    return r


@njit(cache=True)
def fetch_slow(st, csrs, ram, ram32, tlb, rom, pc):
    """Instruction word at `pc` (RAM or boot ROM), or -1 with a trap set."""
    pa = translate(st, csrs, ram, ram32, tlb, pc, S.ACCESS_EXEC)
    if pa < 0:
        return -1
    off = pa - memmap.RAM_BASE
    if 0 <= off and off + 4 <= st[S.RAM_SIZE]:
        return np.int64(ram32[off >> 2])
    if memmap.BOOT_ROM_BASE <= pa < memmap.BOOT_ROM_BASE + memmap.BOOT_ROM_SIZE:
        return np.int64(rom[(pa - memmap.BOOT_ROM_BASE) >> 2])
    return _fault(st, S.ACCESS_EXEC, pc, False)
