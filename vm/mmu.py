"""Address translation (Sv32), PMP and the cold memory paths.

The TLB *hit* path lives inline in cpu.py; this file holds what runs on a
miss: the page-table walk (setting A/D bits as QEMU does), the PMP check,
TLB fills, misaligned and cross-page accesses, and device (MMIO) accesses.

TLB keys say in which mode a cached translation is valid (riscv.TLB_KEY_*:
U-mode Sv32, S-mode Sv32, M-mode untranslated with no PMP, S/U with satp
bare, untranslated with PMP), for which ASID, and in which epoch.  Tags are
(vpn << TLB_KEY_BITS) | key; an entry's read/write/exec tags are set only for
the accesses it permits, so a hit is one compare.  The write tag is set only
once the PTE's D bit is set.

Flushing is one increment of the epoch (st[TLB_EPOCH]), so sfence.vma and
the other flushes cost nothing however full the TLB is.  Every sfence.vma
form (rs1 = a page or x0, rs2 = an ASID or x0) flushes everything: a TLB may
always forget more than the fence requires, so this is exact for each form,
global mappings included (a global page is cached per ASID, and every fence
that must drop it drops it).  A satp write is no fence (privileged spec
4.1.11): entries of other ASIDs stay, so switching address spaces flushes
nothing.  Software that gives an ASID a new root without sfence.vma is still
served the new tables: the TLB remembers each ASID's root and flushes when it
changes, as QEMU (which flushes on every satp change) would behave.
"""
import numpy as np
from numba import njit

from asm.csrs import CSR_NUMBERS
from vm import memmap
from vm import riscv as RV
from vm import state as S
from vm.bus import bus_read, bus_write, BUS_FAULT, WRITE_FAULT, WRITE_OK, WRITE_STOP
from vm.devices import board as B
from vm.devices import ram_read, ram_write
from vm.gdb.hooks import check_watch, watched_page      # [gdb hook]

MSTATUS = CSR_NUMBERS["mstatus"]
SATP = CSR_NUMBERS["satp"]
PMPCFG0 = CSR_NUMBERS["pmpcfg0"]
PMPADDR0 = CSR_NUMBERS["pmpaddr0"]
TLB_MASK = RV.TLB_ENTRIES - 1
NO_ADDRESS = -1


def new_tlb():
    return np.full(RV.TLB_SIZE, -1, dtype=np.int64)


@njit(cache=True, inline="always")
def holds_code(tlb, ram_offset):
    """Whether the RAM page at `ram_offset` holds code the native engine translated (riscv.py)."""
    page = ram_offset >> RV.PAGE_SHIFT
    return ((tlb[RV.TLB_CODE + (page >> 6)] >> (page & 63)) & 1) == 0


@njit(cache=True)
def flush_tlb(st, csrs, tlb):
    """Forget every cached translation: a new epoch (entries are cleared only when epochs wrap)."""
    epoch = st[S.TLB_EPOCH] + (1 << RV.TLB_EPOCH_SHIFT)
    if epoch >= (RV.TLB_EPOCH_LIMIT << RV.TLB_EPOCH_SHIFT):
        tlb[:RV.TLB_ROOTS] = -1
        epoch = 0
    st[S.TLB_EPOCH] = epoch
    update_keys(st, csrs)


@njit(cache=True)
def write_satp(st, csrs, tlb, value):
    """satp := value.  Flushes only when an ASID gets a root other than the one its entries came from."""
    csrs[SATP] = value
    if value & RV.SATP_MODE_SV32:
        slot = RV.TLB_ROOTS + ((value >> RV.SATP_ASID_SHIFT) & RV.SATP_ASID_MASK)
        root = value & RV.SATP_PPN_MASK
        if tlb[slot] != root:
            flush_tlb(st, csrs, tlb)
            tlb[slot] = root
    update_keys(st, csrs)


@njit(cache=True, inline="always")
def key_for(st, csrs, priv):
    """The TLB key of accesses made at privilege `priv` under the current satp and epoch."""
    satp = csrs[SATP]
    if priv == RV.PRIV_M:
        return RV.TLB_KEY_BARE | st[S.TLB_EPOCH]
    if satp & RV.SATP_MODE_SV32:
        # TLB_KEY_U == PRIV_U, TLB_KEY_S == PRIV_S
        return priv | (((satp >> RV.SATP_ASID_SHIFT) & RV.SATP_ASID_MASK) << RV.TLB_ASID_SHIFT) | st[S.TLB_EPOCH]
    return RV.TLB_KEY_SU_BARE | st[S.TLB_EPOCH]


@njit(cache=True)
def update_keys(st, csrs):
    """Recompute the fetch and data TLB keys after a change of priv, mstatus, satp or epoch."""
    priv = st[S.PRIV]
    st[S.KEY_U] = key_for(st, csrs, RV.PRIV_U)
    st[S.KEY_S] = key_for(st, csrs, RV.PRIV_S)
    st[S.FETCH_KEY] = key_for(st, csrs, priv)
    data_priv = priv
    mstatus = csrs[MSTATUS]
    if priv == RV.PRIV_M and (mstatus & RV.MSTATUS_MPRV):
        data_priv = (mstatus & RV.MSTATUS_MPP) >> RV.MSTATUS_MPP_SHIFT
    st[S.DATA_KEY] = key_for(st, csrs, data_priv)


@njit(cache=True)
def _fault(st, access, va, page_fault):
    if page_fault:
        cause = RV.CAUSE_LOAD_PAGE_FAULT
        if access == RV.ACCESS_WRITE:
            cause = RV.CAUSE_STORE_PAGE_FAULT
        elif access == RV.ACCESS_EXEC:
            cause = RV.CAUSE_FETCH_PAGE_FAULT
    else:
        cause = RV.CAUSE_LOAD_ACCESS
        if access == RV.ACCESS_WRITE:
            cause = RV.CAUSE_STORE_ACCESS
        elif access == RV.ACCESS_EXEC:
            cause = RV.CAUSE_FETCH_ACCESS
    st[S.TRAP_CAUSE] = cause
    st[S.TRAP_TVAL] = va & RV.XLEN_MASK
    return NO_ADDRESS


@njit(cache=True)
def pmp_cfg(csrs, i):
    """The 8-bit configuration of PMP entry i (four to a pmpcfg CSR)."""
    shift = (i % RV.PMP_CFGS_PER_CSR) * RV.PMP_CFG_BITS
    return (csrs[PMPCFG0 + i // RV.PMP_CFGS_PER_CSR] >> shift) & RV.PMP_CFG_MASK


@njit(cache=True)
def pmp_rule_count(csrs):
    n = 0
    for i in range(RV.PMP_ENTRIES):
        if pmp_cfg(csrs, i) & RV.PMP_CFG_A:
            n += 1
    return n


@njit(cache=True)
def pmp_match(csrs, pa):
    """Index of the first PMP entry matching physical address `pa`, or -1."""
    word = pa >> RV.PMP_ADDR_SHIFT
    prev = 0
    for i in range(RV.PMP_ENTRIES):
        addr = csrs[PMPADDR0 + i] & RV.XLEN_MASK
        mode = (pmp_cfg(csrs, i) & RV.PMP_CFG_A) >> RV.PMP_CFG_A_SHIFT
        if mode == RV.PMP_A_TOR:
            if prev <= word < addr:
                return i
        elif mode == RV.PMP_A_NA4:
            if word == addr:
                return i
        elif mode == RV.PMP_A_NAPOT:
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
            return RV.PERM_R | RV.PERM_W | RV.PERM_X, -1
        return 0, -1         # no match: S/U accesses fail (QEMU implements 16 entries)
    cfg = pmp_cfg(csrs, i)
    if m_mode and not (cfg & RV.PMP_CFG_L):
        return RV.PERM_R | RV.PERM_W | RV.PERM_X, i
    perms = 0
    if cfg & RV.PMP_CFG_R:
        perms |= RV.PERM_R
    if cfg & RV.PMP_CFG_W:
        perms |= RV.PERM_W
    if cfg & RV.PMP_CFG_X:
        perms |= RV.PERM_X
    return perms, i


@njit(cache=True)
def _access_bit(access):
    if access == RV.ACCESS_WRITE:
        return RV.PERM_W
    if access == RV.ACCESS_EXEC:
        return RV.PERM_X
    return RV.PERM_R


@njit(cache=True)
def walk(st, csrs, ram, ram32, va, access, key):
    """Sv32 walk: (physical address, PERM_* bits the leaf grants in this mode) or (-1, 0) with a trap set."""
    ram_size = st[S.RAM_SIZE]
    satp = csrs[SATP]
    table = (satp & RV.SATP_PPN_MASK) << RV.PAGE_SHIFT
    level = 1
    pte = 0
    pte_addr = 0
    while True:
        vpn = (va >> (RV.PAGE_SHIFT + RV.VPN_BITS * level)) & RV.VPN_MASK
        pte_addr = table + vpn * RV.PTE_SIZE
        off = pte_addr - memmap.RAM_BASE
        if off < 0 or off >= ram_size:
            return _fault(st, access, va, False), 0
        pte = np.int64(ram32[off >> 2])
        if not (pte & RV.PTE_V) or (not (pte & RV.PTE_R) and (pte & RV.PTE_W)):
            return _fault(st, access, va, True), 0
        if pte & (RV.PTE_R | RV.PTE_X):
            break
        if level == 0:
            return _fault(st, access, va, True), 0
        table = (pte >> RV.PTE_PPN_SHIFT) << RV.PAGE_SHIFT
        level = 0
    # leaf: privilege, then permissions, then superpage alignment
    mstatus = csrs[MSTATUS]
    perms = 0
    if (key & RV.TLB_KEY_MODE_MASK) == RV.TLB_KEY_U:
        if not (pte & RV.PTE_U):
            return _fault(st, access, va, True), 0
        if pte & RV.PTE_R or ((mstatus & RV.MSTATUS_MXR) and (pte & RV.PTE_X)):
            perms |= RV.PERM_R
        if pte & RV.PTE_W:
            perms |= RV.PERM_W
        if pte & RV.PTE_X:
            perms |= RV.PERM_X
    else:
        if pte & RV.PTE_U:
            if not (mstatus & RV.MSTATUS_SUM) or access == RV.ACCESS_EXEC:
                return _fault(st, access, va, True), 0
        elif pte & RV.PTE_X:
            perms |= RV.PERM_X
        if pte & RV.PTE_R or ((mstatus & RV.MSTATUS_MXR) and (pte & RV.PTE_X)):
            perms |= RV.PERM_R
        if pte & RV.PTE_W:
            perms |= RV.PERM_W
    if not (perms & _access_bit(access)):
        return _fault(st, access, va, True), 0
    ppn = pte >> RV.PTE_PPN_SHIFT
    if level == 1:
        if ppn & RV.VPN_MASK:
            return _fault(st, access, va, True), 0      # misaligned superpage
        pa = ((ppn >> RV.VPN_BITS) << RV.MEGAPAGE_SHIFT) | (va & RV.MEGAPAGE_OFFSET_MASK)
    else:
        pa = (ppn << RV.PAGE_SHIFT) | (va & RV.PAGE_OFFSET_MASK)
    # accessed/dirty: set by the machine, like QEMU
    want = RV.PTE_A
    if access == RV.ACCESS_WRITE:
        want |= RV.PTE_D
    if (pte & want) != want:
        pte |= want
        ram32[(pte_addr - memmap.RAM_BASE) >> 2] = pte
    if not (pte & RV.PTE_D):
        perms &= ~RV.PERM_W     # the first store must come back here to set D
    return pa, perms


@njit(cache=True)
def translate(st, csrs, ram, ram32, tlb, va, access):
    """Physical address for `va`, filling the TLB for RAM pages; -1 with a trap set on a fault."""
    key = st[S.FETCH_KEY] if access == RV.ACCESS_EXEC else st[S.DATA_KEY]
    va &= RV.XLEN_MASK
    mode = key & RV.TLB_KEY_MODE_MASK
    if mode == RV.TLB_KEY_U or mode == RV.TLB_KEY_S:
        pa, perms = walk(st, csrs, ram, ram32, va, access, key)
        if pa < 0:
            return NO_ADDRESS
    else:
        pa = va
        perms = RV.PERM_R | RV.PERM_W | RV.PERM_X
    m_mode = mode == RV.TLB_KEY_BARE
    pmp, entry = pmp_perms(csrs, pa, m_mode)
    if not (pmp & _access_bit(access)):
        return _fault(st, access, va, False)
    page_off = (pa & ~RV.PAGE_OFFSET_MASK) - memmap.RAM_BASE
    if 0 <= page_off < st[S.RAM_SIZE]:
        # cache the page only if one PMP entry covers all of it
        last_perm, last_entry = pmp_perms(csrs, pa | RV.PAGE_OFFSET_MASK, m_mode)
        first_perm, first_entry = pmp_perms(csrs, pa & ~RV.PAGE_OFFSET_MASK, m_mode)
        if first_entry == entry and last_entry == entry:
            perms &= pmp
            if st[S.DEBUG] & S.DEBUG_WATCH and watched_page(st, va):
                perms &= ~(RV.PERM_R | RV.PERM_W)   # [gdb hook] watched page: accesses stay on the slow path
            vpn = va >> RV.PAGE_SHIFT
            e = ((vpn ^ key) & TLB_MASK) * RV.TLB_WORDS
            tag = (vpn << RV.TLB_KEY_BITS) | key
            if tlb[e + RV.TLB_READ_TAG] != tag and tlb[e + RV.TLB_WRITE_TAG] != tag and tlb[e + RV.TLB_EXEC_TAG] != tag:
                tlb[e + RV.TLB_READ_TAG] = -1
                tlb[e + RV.TLB_WRITE_TAG] = -1
                tlb[e + RV.TLB_EXEC_TAG] = -1
            tlb[e + RV.TLB_PAGE] = page_off
            if perms & RV.PERM_R:
                tlb[e + RV.TLB_READ_TAG] = tag
            if ((perms & RV.PERM_W) and (pa >> RV.PAGE_SHIFT) != st[S.WATCH_STORE_PAGE]
                    and not holds_code(tlb, page_off)):
                tlb[e + RV.TLB_WRITE_TAG] = tag
            if perms & RV.PERM_X:
                tlb[e + RV.TLB_EXEC_TAG] = tag
    return pa


@njit(cache=True)
def load_slow(st, csrs, ram, ram32, tlb, dev, va, size):
    """Zero-extended value of a `size`-byte load at `va`, or -1 with a trap set."""
    va &= RV.XLEN_MASK
    if (va & RV.PAGE_OFFSET_MASK) + size > RV.PAGE_SIZE:
        # crosses a page: byte by byte (misaligned accesses complete, as on QEMU)
        value = 0
        for i in range(size):
            b = _load_in_page(st, csrs, ram, ram32, tlb, dev, (va + i) & RV.XLEN_MASK, 1)
            if b < 0:
                return -1
            value |= b << (8 * i)
        return value
    return _load_in_page(st, csrs, ram, ram32, tlb, dev, va, size)


@njit(cache=True)
def _load_in_page(st, csrs, ram, ram32, tlb, dev, va, size):
    pa = translate(st, csrs, ram, ram32, tlb, va, RV.ACCESS_READ)
    if pa < 0:
        return -1
    if st[S.DEBUG] & S.DEBUG_WATCH and check_watch(st, va, size, S.WATCH_READ):
        return -1                                             # [gdb hook] stop before the load
    off = pa - memmap.RAM_BASE
    if 0 <= off and off + size <= st[S.RAM_SIZE]:
        return ram_read(ram, off, size)
    value = bus_read(st, ram, dev, pa, size)
    if value == BUS_FAULT:
        return _fault(st, RV.ACCESS_READ, va, False)
    return value


@njit(cache=True)
def store_slow(st, csrs, ram, ram32, tlb, dev, va, size, value):
    """Store `size` bytes at `va`: WRITE_OK, WRITE_FAULT (trap set) or WRITE_STOP."""
    va &= RV.XLEN_MASK
    if (va & RV.PAGE_OFFSET_MASK) + size > RV.PAGE_SIZE:
        # probe every byte first so a fault leaves memory untouched
        for i in range(size):
            if translate(st, csrs, ram, ram32, tlb, (va + i) & RV.XLEN_MASK, RV.ACCESS_WRITE) < 0:
                return WRITE_FAULT
        status = WRITE_OK
        for i in range(size):
            r = _store_in_page(st, csrs, ram, ram32, tlb, dev,
                               (va + i) & RV.XLEN_MASK, 1, (value >> (8 * i)) & 0xFF)
            if r != WRITE_OK:
                status = r
        return status
    return _store_in_page(st, csrs, ram, ram32, tlb, dev, va, size, value)


@njit(cache=True)
def _store_in_page(st, csrs, ram, ram32, tlb, dev, va, size, value):
    pa = translate(st, csrs, ram, ram32, tlb, va, RV.ACCESS_WRITE)
    if pa < 0:
        return WRITE_FAULT
    if st[S.DEBUG] & S.DEBUG_WATCH and check_watch(st, va, size, S.WATCH_WRITE):
        return WRITE_FAULT                                    # [gdb hook] stop before the store
    off = pa - memmap.RAM_BASE
    if 0 <= off and off + size <= st[S.RAM_SIZE]:
        ram_write(ram, off, size, value)
        if holds_code(tlb, off):
            st[S.CODE_CHECK] = 1                              # translated code may have changed
        if pa == st[S.TOHOST_PADDR]:
            word = ram_read(ram, pa - memmap.RAM_BASE, 4)
            if word & 1:
                st[S.STOP] = S.STOP_TOHOST
                st[S.EXIT_CODE] = word >> 1
                return WRITE_STOP
        return WRITE_OK
    r = bus_write(st, ram, dev, pa, size, value & RV.XLEN_MASK)
    if r == WRITE_FAULT:
        _fault(st, RV.ACCESS_WRITE, va, False)
    return r


@njit(cache=True)
def fetch_slow(st, csrs, ram, ram32, tlb, dev, pc):
    """Instruction word at `pc` (RAM or boot ROM), or -1 with a trap set."""
    pa = translate(st, csrs, ram, ram32, tlb, pc, RV.ACCESS_EXEC)
    if pa < 0:
        return -1
    off = pa - memmap.RAM_BASE
    if 0 <= off and off + 4 <= st[S.RAM_SIZE]:
        return np.int64(ram32[off >> 2])
    if memmap.BOOT_ROM_BASE <= pa < memmap.BOOT_ROM_BASE + memmap.BOOT_ROM_SIZE:
        return dev[B.BOOT_ROM + ((pa - memmap.BOOT_ROM_BASE) >> 2)]
    return _fault(st, RV.ACCESS_EXEC, pc, False)
