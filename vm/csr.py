"""The CSR file: reads and writes with their side effects and privilege checks.

CSR values live in an int64 array indexed by CSR number (asm/csrs.py names
them).  `csr_instruction` executes csrrw/csrrs/csrrc and their immediate forms;
any access QEMU 7.2 would reject (unknown CSR, too little privilege, a write to
a read-only CSR, a counter not enabled by m/scounteren, stimecmp without
menvcfgh.STCE, satp under TVM) raises illegal-instruction with tval = the word.
"""
import numpy as np
from numba import njit

from asm.csrs import CSR_NUMBERS
from vm import state as S
from vm.devices import clint as clint_dev
from vm.mmu import flush_tlb, update_keys
from vm.traps import hardware_mip, raise_exception

C = CSR_NUMBERS
CYCLE, TIME, INSTRET = C["cycle"], C["time"], C["instret"]
CYCLEH, TIMEH, INSTRETH = C["cycleh"], C["timeh"], C["instreth"]
SSTATUS, SIE, STVEC, SCOUNTEREN, SENVCFG = C["sstatus"], C["sie"], C["stvec"], C["scounteren"], C["senvcfg"]
SSCRATCH, SEPC, SCAUSE, STVAL, SIP = C["sscratch"], C["sepc"], C["scause"], C["stval"], C["sip"]
STIMECMP, STIMECMPH, SATP = C["stimecmp"], C["stimecmph"], C["satp"]
MVENDORID, MARCHID, MIMPID, MHARTID, MCONFIGPTR = (C["mvendorid"], C["marchid"], C["mimpid"],
                                                  C["mhartid"], C["mconfigptr"])
MSTATUS, MISA, MEDELEG, MIDELEG, MIE, MTVEC = (C["mstatus"], C["misa"], C["medeleg"], C["mideleg"],
                                              C["mie"], C["mtvec"])
MCOUNTEREN, MENVCFG, MSTATUSH, MENVCFGH, MCOUNTINHIBIT = (C["mcounteren"], C["menvcfg"], C["mstatush"],
                                                          C["menvcfgh"], C["mcountinhibit"])
MSCRATCH, MEPC, MCAUSE, MTVAL, MIP = C["mscratch"], C["mepc"], C["mcause"], C["mtval"], C["mip"]
MCYCLE, MINSTRET, MCYCLEH, MINSTRETH = C["mcycle"], C["minstret"], C["mcycleh"], C["minstreth"]
PMPCFG0, PMPADDR0 = C["pmpcfg0"], C["pmpaddr0"]
TSELECT, TDATA3 = C["tselect"], C["tdata3"]

MISA_VALUE = 0x40141101            # RV32 + A, I, M, S, U
MARCHID_VALUE = 0x70216            # marchid/mimpid of the QEMU 7.2 build used as oracle
MIMPID_VALUE = 0x70216

# Writable bits as measured on qemu-system-riscv32 7.2 (write -1, read back).  QEMU's
# default CPU also has F/D/C and H-extension interrupt bits; they are stored, never used.
MSTATUS_WRITABLE = 0x007E7FAA      # SIE MIE SPIE MPIE SPP VS MPP FS MPRV SUM MXR TVM TW TSR
SSTATUS_MASK = 0x800DE722          # what sstatus shows: SIE SPIE SPP VS FS XS SUM MXR SD
SSTATUS_WRITABLE = 0x000C6722      # SIE SPIE SPP VS FS SUM MXR
MSTATUS_SD = 1 << 31
MEDELEG_WRITABLE = 0x00F0BFFF      # QEMU 7.2's DELEGABLE_EXCPS
MIDELEG_WRITABLE = 0x3666
MIE_WRITABLE = 0x3EEE
MIP_WRITABLE = 0x2666
MENVCFG_WRITABLE = 0xF1            # FIOM CBIE CBCFE CBZE
MENVCFGH_WRITABLE = 0xC0000000     # STCE PBMTE
MSTATUS_TLB_BITS = (1 << 18) | (1 << 19)   # SUM MXR: cached permissions depend on them
STCE_BIT = 1 << 31
ILLEGAL = -1


def reset_csrs(csrs):
    csrs[:] = 0
    csrs[MISA] = MISA_VALUE
    csrs[MARCHID] = MARCHID_VALUE
    csrs[MIMPID] = MIMPID_VALUE


@njit(cache=True)
def _pmp_cfg(csrs, i):
    return (csrs[PMPCFG0 + (i >> 2)] >> ((i & 3) * 8)) & 0xFF


@njit(cache=True)
def _pmp_locked(csrs, i):
    return (_pmp_cfg(csrs, i) & 0x80) != 0


@njit(cache=True)
def _counter_allowed(st, csrs, num):
    bit = 1 << (num & 31)
    priv = st[S.PRIV]
    if priv < S.PRIV_M and not (csrs[MCOUNTEREN] & bit):
        return False
    if priv == S.PRIV_U and not (csrs[SCOUNTEREN] & bit):
        return False
    return True


@njit(cache=True)
def _sstc_allowed(st, csrs):
    if st[S.PRIV] == S.PRIV_M:
        return True
    return (csrs[MCOUNTEREN] & 2) != 0 and (csrs[MENVCFGH] & STCE_BIT) != 0


@njit(cache=True)
def csr_read(st, csrs, clint, plic, num):
    """Value of CSR `num` as the current privilege sees it, or ILLEGAL."""
    if (0xC00 <= num <= 0xC1F) or (0xC80 <= num <= 0xC9F):     # user counters
        if not _counter_allowed(st, csrs, num):
            return ILLEGAL
        low = num & 0x1F
        if low == 1:
            value = clint_dev.mtime(st)
        elif low == 0 or low == 2:
            value = st[S.INSTRET] + st[S.INSTRET_OFFSET]
        else:
            value = 0
        return (value >> 32) & 0xFFFFFFFF if num >= 0xC80 else value & 0xFFFFFFFF
    if num == MCYCLE or num == MINSTRET:
        return (st[S.INSTRET] + st[S.INSTRET_OFFSET]) & 0xFFFFFFFF
    if num == MCYCLEH or num == MINSTRETH:
        return ((st[S.INSTRET] + st[S.INSTRET_OFFSET]) >> 32) & 0xFFFFFFFF
    if (0xB03 <= num <= 0xB1F) or (0xB83 <= num <= 0xB9F) or (0x323 <= num <= 0x33F):
        return csrs[num]                                      # hpm counters/events: stored only
    if num == SSTATUS:
        return csrs[MSTATUS] & SSTATUS_MASK
    if num == SIE:
        return csrs[MIE] & csrs[MIDELEG]
    if num == SIP:
        return hardware_mip(st, csrs, clint, plic) & csrs[MIDELEG]
    if num == MIP:
        return hardware_mip(st, csrs, clint, plic)
    if num == STIMECMP or num == STIMECMPH:
        if not _sstc_allowed(st, csrs):
            return ILLEGAL
        return csrs[num] & 0xFFFFFFFF              # STIMECMP holds all 64 bits
    if num == SATP:
        if st[S.PRIV] == S.PRIV_S and (csrs[MSTATUS] & (1 << 20)):
            return ILLEGAL
        return csrs[num]
    if (num == STVEC or num == SCOUNTEREN or num == SENVCFG or num == SSCRATCH or num == SEPC
            or num == SCAUSE or num == STVAL):
        return csrs[num]
    if (num == MVENDORID or num == MARCHID or num == MIMPID or num == MHARTID or num == MCONFIGPTR
            or num == MSTATUS or num == MISA or num == MEDELEG or num == MIDELEG or num == MIE
            or num == MTVEC or num == MCOUNTEREN or num == MENVCFG or num == MSTATUSH
            or num == MENVCFGH or num == MCOUNTINHIBIT or num == MSCRATCH or num == MEPC
            or num == MCAUSE or num == MTVAL):
        return csrs[num]
    if PMPCFG0 <= num <= PMPCFG0 + 3 or PMPADDR0 <= num <= PMPADDR0 + 15:
        return csrs[num]
    if TSELECT <= num <= TDATA3:
        return 0                                   # QEMU has debug triggers; we model none

    return ILLEGAL


@njit(cache=True)
def csr_write(st, csrs, tlb, num, value):
    """Write CSR `num` (already read successfully); False if the write is illegal."""
    value &= 0xFFFFFFFF
    if num == MSTATUS or num == SSTATUS:
        old = csrs[MSTATUS]
        mask = MSTATUS_WRITABLE if num == MSTATUS else SSTATUS_WRITABLE
        new = (old & ~mask) | (value & mask)
        if ((new >> 11) & 3) == 2:                 # MPP = 2 is reserved: keep the old mode
            new = (new & ~(3 << 11)) | (old & (3 << 11))
        new &= ~MSTATUS_SD
        if (new >> 13) & 3 == 3 or (new >> 9) & 3 == 3:   # FS or VS dirty
            new |= MSTATUS_SD
        csrs[MSTATUS] = new
        if (old ^ new) & MSTATUS_TLB_BITS:
            flush_tlb(tlb)
        update_keys(st, csrs)
    elif num == MEDELEG:
        csrs[num] = value & MEDELEG_WRITABLE
    elif num == MIDELEG:
        csrs[num] = value & MIDELEG_WRITABLE
    elif num == MIE:
        csrs[num] = value & MIE_WRITABLE
    elif num == SIE:
        mask = csrs[MIDELEG]
        csrs[MIE] = (csrs[MIE] & ~mask) | (value & mask)
    elif num == MIP:
        mask = MIP_WRITABLE
        if csrs[MENVCFGH] & STCE_BIT:
            mask &= ~S.MIP_STIP
        csrs[MIP] = (csrs[MIP] & ~mask) | (value & mask)
    elif num == SIP:
        mask = S.MIP_SSIP & csrs[MIDELEG]
        csrs[MIP] = (csrs[MIP] & ~mask) | (value & mask)
    elif num == MTVEC or num == STVEC:
        if (value & 3) < 2:                        # modes 2 and 3 are reserved: ignore
            csrs[num] = value
    elif num == SATP:
        csrs[num] = value
        flush_tlb(tlb)
        update_keys(st, csrs)
    elif num == MENVCFG or num == SENVCFG:
        csrs[num] = value & MENVCFG_WRITABLE
    elif num == MENVCFGH:
        csrs[num] = value & MENVCFGH_WRITABLE
    elif num == STIMECMP:
        csrs[num] = (csrs[num] & ~0xFFFFFFFF) | value
        st[S.STIMECMP_ARMED] = 1
    elif num == STIMECMPH:
        csrs[STIMECMP] = (csrs[STIMECMP] & 0xFFFFFFFF) | (value << 32)
        csrs[num] = value
        st[S.STIMECMP_ARMED] = 1
    elif num == MCYCLE or num == MINSTRET:
        now = st[S.INSTRET] + st[S.INSTRET_OFFSET]
        st[S.INSTRET_OFFSET] = ((now & ~0xFFFFFFFF) | value) - st[S.INSTRET]
    elif num == MCYCLEH or num == MINSTRETH:
        now = st[S.INSTRET] + st[S.INSTRET_OFFSET]
        st[S.INSTRET_OFFSET] = ((now & 0xFFFFFFFF) | (value << 32)) - st[S.INSTRET]
    elif num == MISA or num == MSTATUSH or TSELECT <= num <= TDATA3:
        pass                                       # WARL: fixed
    elif PMPCFG0 <= num <= PMPCFG0 + 3:
        old = csrs[num]
        new = 0
        for i in range(4):
            shift = 8 * i
            old_byte = (old >> shift) & 0xFF
            byte = (old_byte if old_byte & 0x80 else (value >> shift) & 0xFF)
            new |= byte << shift
        csrs[num] = new
        flush_tlb(tlb)
    elif PMPADDR0 <= num <= PMPADDR0 + 15:
        i = num - PMPADDR0
        if not _pmp_locked(csrs, i) and not (i + 1 < 16 and _pmp_locked(csrs, i + 1)
                                             and (_pmp_cfg(csrs, i + 1) >> 3) & 3 == 1):
            csrs[num] = value
            flush_tlb(tlb)
    else:
        csrs[num] = value                          # plain storage: scratch, epc, cause, tval, counteren...
    st[S.IRQ_RECHECK] = 1
    return True


@njit(cache=True)
def csr_instruction(st, csrs, regs, tlb, clint, plic, word):
    """csrrw/csrrs/csrrc/csrrwi/csrrsi/csrrci.  False with a trap raised when illegal."""
    funct3 = (word >> 12) & 7
    rd = (word >> 7) & 31
    rs1 = (word >> 15) & 31
    num = (word >> 20) & 0xFFF
    operand = np.int64(rs1) if funct3 & 4 else np.int64(regs[rs1])
    op = funct3 & 3
    writes = op == 1 or rs1 != 0
    if st[S.PRIV] < ((num >> 8) & 3) or (writes and (num >> 10) == 3):
        raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
        return False
    old = csr_read(st, csrs, clint, plic, num)
    if old == ILLEGAL:
        raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
        return False
    if writes:
        if op == 1:
            new = operand
        elif op == 2:
            new = old | operand
        else:
            new = old & ~operand
        if num == MIP or num == SIP:
            old_soft = csrs[MIP]     # read-modify-write acts on the software bits only
            if op == 2:
                new = old_soft | operand
            elif op == 3:
                new = old_soft & ~operand
        if not csr_write(st, csrs, tlb, num, new):
            raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
            return False
    if rd != 0:
        regs[rd] = old
    return True
