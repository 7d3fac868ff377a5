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
from vm import riscv as RV
from vm import state as S
from vm.devices import clint as clint_dev
from vm.mmu import flush_tlb, pmp_cfg, update_keys, write_satp
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

# The unprivileged counters (cycle, time, instret, hpmcounter3..31) and their high halves;
# the machine-mode hpm counters and events are stored and never count.
COUNTERS, COUNTERS_END = C["cycle"], C["hpmcounter31"]
COUNTERSH, COUNTERSH_END = C["cycleh"], C["hpmcounter31h"]
MHPMCOUNTER3, MHPMCOUNTER31 = C["mhpmcounter3"], C["mhpmcounter31"]
MHPMCOUNTER3H, MHPMCOUNTER31H = C["mhpmcounter3h"], C["mhpmcounter31h"]
MHPMEVENT3, MHPMEVENT31 = C["mhpmevent3"], C["mhpmevent31"]
COUNTER_CYCLE, COUNTER_TIME, COUNTER_INSTRET = CYCLE - COUNTERS, TIME - COUNTERS, INSTRET - COUNTERS
PMPCFG_LAST = PMPCFG0 + RV.PMP_ENTRIES // RV.PMP_CFGS_PER_CSR - 1
PMPADDR_LAST = PMPADDR0 + RV.PMP_ENTRIES - 1
ILLEGAL = -1


def reset_csrs(csrs):
    csrs[:] = 0
    csrs[MISA] = RV.MISA_VALUE
    csrs[MARCHID] = RV.MARCHID_VALUE
    csrs[MIMPID] = RV.MIMPID_VALUE


@njit(cache=True)
def _pmp_locked(csrs, i):
    return (pmp_cfg(csrs, i) & RV.PMP_CFG_L) != 0


@njit(cache=True)
def _counter_allowed(st, csrs, num):
    bit = 1 << (num & RV.CSR_COUNTER_INDEX_MASK)
    priv = st[S.PRIV]
    if priv < RV.PRIV_M and not (csrs[MCOUNTEREN] & bit):
        return False
    if priv == RV.PRIV_U and not (csrs[SCOUNTEREN] & bit):
        return False
    return True


@njit(cache=True)
def _sstc_allowed(st, csrs):
    if st[S.PRIV] == RV.PRIV_M:
        return True
    return (csrs[MCOUNTEREN] & RV.COUNTEREN_TM) != 0 and (csrs[MENVCFGH] & RV.MENVCFGH_STCE) != 0


@njit(cache=True)
def csr_read(st, csrs, dev, num):
    """Value of CSR `num` as the current privilege sees it, or ILLEGAL."""
    if (COUNTERS <= num <= COUNTERS_END) or (COUNTERSH <= num <= COUNTERSH_END):   # user counters
        if not _counter_allowed(st, csrs, num):
            return ILLEGAL
        counter = num & RV.CSR_COUNTER_INDEX_MASK
        if counter == COUNTER_TIME:
            value = clint_dev.mtime(st)
        elif counter == COUNTER_CYCLE or counter == COUNTER_INSTRET:
            value = st[S.INSTRET] + st[S.INSTRET_OFFSET]
        else:
            value = 0
        return (value >> 32) & RV.XLEN_MASK if num >= COUNTERSH else value & RV.XLEN_MASK
    if num == MCYCLE or num == MINSTRET:
        return (st[S.INSTRET] + st[S.INSTRET_OFFSET]) & RV.XLEN_MASK
    if num == MCYCLEH or num == MINSTRETH:
        return ((st[S.INSTRET] + st[S.INSTRET_OFFSET]) >> 32) & RV.XLEN_MASK
    if (MHPMCOUNTER3 <= num <= MHPMCOUNTER31) or (MHPMCOUNTER3H <= num <= MHPMCOUNTER31H) \
            or (MHPMEVENT3 <= num <= MHPMEVENT31):
        return csrs[num]                                      # hpm counters/events: stored only
    if num == SSTATUS:
        return csrs[MSTATUS] & RV.SSTATUS_VISIBLE
    if num == SIE:
        return csrs[MIE] & csrs[MIDELEG]
    if num == SIP:
        return hardware_mip(st, csrs, dev) & csrs[MIDELEG]
    if num == MIP:
        return hardware_mip(st, csrs, dev)
    if num == STIMECMP or num == STIMECMPH:
        if not _sstc_allowed(st, csrs):
            return ILLEGAL
        return csrs[num] & RV.XLEN_MASK              # STIMECMP holds all 64 bits
    if num == SATP:
        if st[S.PRIV] == RV.PRIV_S and (csrs[MSTATUS] & RV.MSTATUS_TVM):
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
    if PMPCFG0 <= num <= PMPCFG_LAST or PMPADDR0 <= num <= PMPADDR_LAST:
        return csrs[num]
    if TSELECT <= num <= TDATA3:
        return 0                                   # QEMU has debug triggers; we model none

    return ILLEGAL


@njit(cache=True)
def csr_write(st, csrs, tlb, num, value):
    """Write CSR `num` (already read successfully); False if the write is illegal."""
    value &= RV.XLEN_MASK
    if num == MSTATUS or num == SSTATUS:
        old = csrs[MSTATUS]
        mask = RV.MSTATUS_WRITABLE if num == MSTATUS else RV.SSTATUS_WRITABLE
        new = (old & ~mask) | (value & mask)
        if (new & RV.MSTATUS_MPP) >> RV.MSTATUS_MPP_SHIFT == RV.MPP_RESERVED:   # keep the old mode
            new = (new & ~RV.MSTATUS_MPP) | (old & RV.MSTATUS_MPP)
        new &= ~RV.MSTATUS_SD
        if new & RV.MSTATUS_FS == RV.MSTATUS_FS or new & RV.MSTATUS_VS == RV.MSTATUS_VS:   # FS or VS dirty
            new |= RV.MSTATUS_SD
        csrs[MSTATUS] = new
        if (old ^ new) & RV.MSTATUS_TLB_BITS:
            flush_tlb(st, csrs, tlb)
        update_keys(st, csrs)
    elif num == MEDELEG:
        csrs[num] = value & RV.MEDELEG_WRITABLE
    elif num == MIDELEG:
        csrs[num] = value & RV.MIDELEG_WRITABLE
    elif num == MIE:
        csrs[num] = value & RV.MIE_WRITABLE
    elif num == SIE:
        mask = csrs[MIDELEG]
        csrs[MIE] = (csrs[MIE] & ~mask) | (value & mask)
    elif num == MIP:
        mask = RV.MIP_WRITABLE
        if csrs[MENVCFGH] & RV.MENVCFGH_STCE:
            mask &= ~RV.MIP_STIP
        csrs[MIP] = (csrs[MIP] & ~mask) | (value & mask)
    elif num == SIP:
        mask = RV.MIP_SSIP & csrs[MIDELEG]
        csrs[MIP] = (csrs[MIP] & ~mask) | (value & mask)
    elif num == MTVEC or num == STVEC:
        if (value & RV.TVEC_MODE_MASK) < RV.TVEC_MODE_RESERVED:   # reserved modes: ignore the write
            csrs[num] = value
    elif num == SATP:
        write_satp(st, csrs, tlb, value)
    elif num == MENVCFG or num == SENVCFG:
        csrs[num] = value & RV.MENVCFG_WRITABLE
    elif num == MENVCFGH:
        csrs[num] = value & RV.MENVCFGH_WRITABLE
    elif num == STIMECMP:
        csrs[num] = (csrs[num] & ~RV.XLEN_MASK) | value
        st[S.STIMECMP_ARMED] = 1
    elif num == STIMECMPH:
        csrs[STIMECMP] = (csrs[STIMECMP] & RV.XLEN_MASK) | (value << 32)
        csrs[num] = value
        st[S.STIMECMP_ARMED] = 1
    elif num == MCYCLE or num == MINSTRET or num == MCYCLEH or num == MINSTRETH:
        # A CSR write takes effect after the writing instruction completes, so it
        # suppresses that instruction's own increment: the next instruction, which
        # counts itself (st[S.INSTRET] + 1), reads the value written.
        now = st[S.INSTRET] + st[S.INSTRET_OFFSET]
        if num == MCYCLE or num == MINSTRET:
            new = (now & ~RV.XLEN_MASK) | value
        else:
            new = (now & RV.XLEN_MASK) | (value << 32)
        st[S.INSTRET_OFFSET] = new - (st[S.INSTRET] + 1)
    elif num == MISA or num == MSTATUSH or TSELECT <= num <= TDATA3:
        pass                                       # WARL: fixed
    elif PMPCFG0 <= num <= PMPCFG_LAST:
        old = csrs[num]
        new = 0
        for i in range(RV.PMP_CFGS_PER_CSR):
            shift = RV.PMP_CFG_BITS * i
            old_byte = (old >> shift) & RV.PMP_CFG_MASK
            byte = (old_byte if old_byte & RV.PMP_CFG_L else (value >> shift) & RV.PMP_CFG_MASK)
            new |= byte << shift
        csrs[num] = new
        flush_tlb(st, csrs, tlb)
    elif PMPADDR0 <= num <= PMPADDR_LAST:
        i = num - PMPADDR0
        # a locked TOR entry also locks the address below it
        if not _pmp_locked(csrs, i) and not (i + 1 < RV.PMP_ENTRIES and _pmp_locked(csrs, i + 1)
                                             and (pmp_cfg(csrs, i + 1) & RV.PMP_CFG_A) >> RV.PMP_CFG_A_SHIFT == RV.PMP_A_TOR):
            csrs[num] = value
            flush_tlb(st, csrs, tlb)
    else:
        csrs[num] = value                          # plain storage: scratch, epc, cause, tval, counteren...
    st[S.IRQ_RECHECK] = 1
    return True


@njit(cache=True)
def csr_instruction(st, csrs, regs, tlb, dev, word):
    """csrrw/csrrs/csrrc/csrrwi/csrrsi/csrrci.  False with a trap raised when illegal."""
    funct3 = (word >> RV.FUNCT3_SHIFT) & 7
    rd = (word >> 7) & 31
    rs1 = (word >> 15) & 31
    num = (word >> RV.CSR_SHIFT) & RV.CSR_NUMBER_MASK
    operand = np.int64(rs1) if funct3 & RV.F3_CSR_IMMEDIATE else np.int64(regs[rs1])
    op = funct3 & RV.F3_CSR_OP_MASK
    writes = op == RV.F3_CSRRW or rs1 != 0
    if st[S.PRIV] < ((num >> RV.CSR_PRIV_SHIFT) & 3) or (writes and (num >> RV.CSR_ACCESS_SHIFT) == RV.CSR_READ_ONLY):
        raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
        return False
    old = csr_read(st, csrs, dev, num)
    if old == ILLEGAL:
        raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
        return False
    if writes:
        if op == RV.F3_CSRRW:
            new = operand
        elif op == RV.F3_CSRRS:
            new = old | operand
        else:
            new = old & ~operand
        if num == MIP or num == SIP:
            old_soft = csrs[MIP]     # read-modify-write acts on the software bits only
            if op == RV.F3_CSRRS:
                new = old_soft | operand
            elif op == RV.F3_CSRRC:
                new = old_soft & ~operand
        if not csr_write(st, csrs, tlb, num, new):
            raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
            return False
    if rd != 0:
        regs[rd] = old
    return True
