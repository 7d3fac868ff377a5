"""Trap entry, interrupt selection and the privileged instructions (cold paths).

Everything that changes privilege goes through `take_trap`, `do_mret` or
`do_sret`; each leaves the new pc in st[PC] and recomputes the TLB keys.
"""
from numba import njit

from asm.csrs import CSR_NUMBERS
from vm import riscv as RV
from vm import state as S
from vm.devices import board as B
from vm.devices import clint as clint_dev
from vm.devices import plic as plic_dev
from vm.devices import registers as R
from vm.mmu import update_keys, pmp_rule_count, flush_tlb

MSTATUS = CSR_NUMBERS["mstatus"]
MEDELEG = CSR_NUMBERS["medeleg"]
MIDELEG = CSR_NUMBERS["mideleg"]
MIE = CSR_NUMBERS["mie"]
MIP = CSR_NUMBERS["mip"]
MTVEC = CSR_NUMBERS["mtvec"]
MEPC = CSR_NUMBERS["mepc"]
MCAUSE = CSR_NUMBERS["mcause"]
MTVAL = CSR_NUMBERS["mtval"]
STVEC = CSR_NUMBERS["stvec"]
SEPC = CSR_NUMBERS["sepc"]
SCAUSE = CSR_NUMBERS["scause"]
STVAL = CSR_NUMBERS["stval"]
STIMECMP = CSR_NUMBERS["stimecmp"]
MENVCFGH = CSR_NUMBERS["menvcfgh"]


@njit(cache=True)
def hardware_mip(st, csrs, dev):
    """mip as the guest reads it: the software-writable bits plus the device lines."""
    mip = csrs[MIP]
    now = clint_dev.mtime(st)
    if clint_dev.reached(now, dev[B.CLINT + clint_dev.MTIMECMP]):          # mtimecmp resets to 0: MTIP is pending, as on QEMU
        mip |= RV.MIP_MTIP
    if dev[B.CLINT + clint_dev.MSIP]:
        mip |= RV.MIP_MSIP
    if dev[B.PLIC + plic_dev.ASSERTED + R.PLIC_CONTEXT_M]:
        mip |= RV.MIP_MEIP
    if dev[B.PLIC + plic_dev.ASSERTED + R.PLIC_CONTEXT_S]:
        mip |= RV.MIP_SEIP
    if csrs[MENVCFGH] & RV.MENVCFGH_STCE:
        mip &= ~RV.MIP_STIP
        if st[S.STIMECMP_ARMED] and clint_dev.reached(now, csrs[STIMECMP]):
            mip |= RV.MIP_STIP
    return mip


@njit(cache=True)
def pending_interrupt(st, csrs, dev):
    """The interrupt to take now (its number), or -1."""
    pending = hardware_mip(st, csrs, dev) & csrs[MIE]
    if pending == 0:
        return -1
    priv = st[S.PRIV]
    mstatus = csrs[MSTATUS]
    mideleg = csrs[MIDELEG]
    m_enabled = priv < RV.PRIV_M or (mstatus & RV.MSTATUS_MIE) != 0
    s_enabled = priv < RV.PRIV_S or (priv == RV.PRIV_S and (mstatus & RV.MSTATUS_SIE) != 0)
    m_pending = pending & ~mideleg if m_enabled else 0
    s_pending = pending & mideleg if s_enabled else 0
    for irq in RV.IRQ_PRIORITY:
        if (m_pending >> irq) & 1:
            return irq
    for irq in RV.IRQ_PRIORITY:
        if (s_pending >> irq) & 1:
            return irq
    return -1


@njit(cache=True)
def take_trap(st, csrs, cause, tval, interrupt, pc):
    """Enter the trap handler; the new pc goes to st[PC].  False if there is no handler (mtvec == 0)."""
    if cause == S.CAUSE_WATCH and not interrupt:
        # [gdb hook] a watched load/store (vm/gdb/hooks.py): stop before it, as gdb expects
        # of RISC-V (non-steppable watchpoints); nothing changes, pc stays on the access.
        st[S.STOP] = S.STOP_WATCH
        st[S.TRAP_CAUSE] = -1
        return False
    priv = st[S.PRIV]
    deleg = csrs[MIDELEG] if interrupt else csrs[MEDELEG]
    mcause = cause | (RV.CAUSE_INTERRUPT if interrupt else 0)
    mstatus = csrs[MSTATUS]
    if priv <= RV.PRIV_S and (deleg >> cause) & 1:
        csrs[SCAUSE] = mcause
        csrs[SEPC] = pc & RV.XLEN_MASK
        csrs[STVAL] = tval & RV.XLEN_MASK
        mstatus &= ~(RV.MSTATUS_SPIE | RV.MSTATUS_SPP)
        if mstatus & RV.MSTATUS_SIE:
            mstatus |= RV.MSTATUS_SPIE
        if priv == RV.PRIV_S:
            mstatus |= RV.MSTATUS_SPP
        mstatus &= ~RV.MSTATUS_SIE
        vec = csrs[STVEC]
        st[S.PRIV] = RV.PRIV_S
    else:
        vec = csrs[MTVEC]
        if vec == 0:
            st[S.STOP] = S.STOP_NO_HANDLER
            st[S.STOP_CAUSE] = mcause
            st[S.STOP_PC] = pc & RV.XLEN_MASK
            st[S.STOP_TVAL] = tval & RV.XLEN_MASK
            return False
        csrs[MCAUSE] = mcause
        csrs[MEPC] = pc & RV.XLEN_MASK
        csrs[MTVAL] = tval & RV.XLEN_MASK
        mstatus &= ~(RV.MSTATUS_MPIE | RV.MSTATUS_MPP)
        if mstatus & RV.MSTATUS_MIE:
            mstatus |= RV.MSTATUS_MPIE
        mstatus |= priv << RV.MSTATUS_MPP_SHIFT
        mstatus &= ~RV.MSTATUS_MIE
        st[S.PRIV] = RV.PRIV_M
    csrs[MSTATUS] = mstatus
    base = vec & ~RV.TVEC_MODE_MASK
    if interrupt and (vec & RV.TVEC_MODE_MASK) == RV.TVEC_VECTORED:
        st[S.PC] = base + 4 * cause
    else:
        st[S.PC] = base
    st[S.TRAP_CAUSE] = -1
    st[S.RES_ADDR] = -1          # a trap breaks an LR/SC pair, as on QEMU
    st[S.TRAP_COUNT] += 1
    update_keys(st, csrs)
    return True


@njit(cache=True)
def raise_exception(st, cause, tval):
    st[S.TRAP_CAUSE] = cause
    st[S.TRAP_TVAL] = tval & RV.XLEN_MASK


# results of exec_system
SYS_NEXT = 0       # continue at pc + 4
SYS_TRAP = 1       # st[TRAP_CAUSE] is set
SYS_JUMP = 2       # continue at st[PC] (privilege may have changed)
SYS_WFI = 3        # continue at pc + 4, nothing pending: return to the host


@njit(cache=True)
def exec_system(st, csrs, tlb, dev, word, pc):
    """ecall, ebreak, mret, sret, wfi, sfence.vma (funct3 == 0 of the SYSTEM opcode)."""
    priv = st[S.PRIV]
    mstatus = csrs[MSTATUS]
    if word == RV.EBREAK and st[S.DEBUG] & S.DEBUG_EBREAK:
        # [gdb hook] gdb attached: stop *before* the ebreak (the core leaves the loop
        # because st[STOP] is set); vm/gdb/target.py decides whether it was planted.
        st[S.STOP] = S.STOP_BREAKPOINT
        st[S.PC] = pc
        return SYS_JUMP
    if word == RV.ECALL:
        cause = RV.CAUSE_USER_ECALL
        if priv == RV.PRIV_S:
            cause = RV.CAUSE_SUPERVISOR_ECALL
        elif priv == RV.PRIV_M:
            cause = RV.CAUSE_MACHINE_ECALL
        raise_exception(st, cause, 0)
        return SYS_TRAP
    if word == RV.EBREAK:                          # QEMU 7.2 leaves tval 0
        raise_exception(st, RV.CAUSE_BREAKPOINT, 0)
        return SYS_TRAP
    if word == RV.MRET:
        if priv != RV.PRIV_M:
            raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        target = csrs[MEPC]
        if target & RV.IALIGN_MASK:
            raise_exception(st, RV.CAUSE_MISALIGNED_FETCH, target)
            return SYS_TRAP
        new_priv = (mstatus & RV.MSTATUS_MPP) >> RV.MSTATUS_MPP_SHIFT
        if new_priv != RV.PRIV_M and pmp_rule_count(csrs) == 0:
            # QEMU: leaving M-mode before PMP is opened is an illegal instruction
            raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        mstatus &= ~(RV.MSTATUS_MIE | RV.MSTATUS_MPP)
        if mstatus & RV.MSTATUS_MPIE:
            mstatus |= RV.MSTATUS_MIE
        mstatus |= RV.MSTATUS_MPIE
        if new_priv != RV.PRIV_M:
            mstatus &= ~RV.MSTATUS_MPRV
        csrs[MSTATUS] = mstatus
        st[S.PRIV] = new_priv
        st[S.PC] = target
        update_keys(st, csrs)
        st[S.IRQ_RECHECK] = 1
        return SYS_JUMP
    if word == RV.SRET:
        if priv < RV.PRIV_S or (priv == RV.PRIV_S and (mstatus & RV.MSTATUS_TSR)):
            raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        target = csrs[SEPC]
        if target & RV.IALIGN_MASK:
            raise_exception(st, RV.CAUSE_MISALIGNED_FETCH, target)
            return SYS_TRAP
        new_priv = RV.PRIV_S if mstatus & RV.MSTATUS_SPP else RV.PRIV_U
        mstatus &= ~(RV.MSTATUS_SIE | RV.MSTATUS_SPP)
        if mstatus & RV.MSTATUS_SPIE:
            mstatus |= RV.MSTATUS_SIE
        mstatus |= RV.MSTATUS_SPIE
        mstatus &= ~RV.MSTATUS_MPRV
        csrs[MSTATUS] = mstatus
        st[S.PRIV] = new_priv
        st[S.PC] = target
        update_keys(st, csrs)
        st[S.IRQ_RECHECK] = 1
        return SYS_JUMP
    if word == RV.WFI:
        if priv == RV.PRIV_U or (priv == RV.PRIV_S and (mstatus & RV.MSTATUS_TW)):
            raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        if hardware_mip(st, csrs, dev) & csrs[MIE]:
            st[S.IRQ_RECHECK] = 1
            return SYS_NEXT
        return SYS_WFI
    if (word & RV.SFENCE_VMA_MASK) == RV.SFENCE_VMA_MATCH:
        if priv == RV.PRIV_U or (priv == RV.PRIV_S and (mstatus & RV.MSTATUS_TVM)):
            raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        flush_tlb(st, csrs, tlb)      # every form: mmu.py says why that is exact
        return SYS_NEXT
    raise_exception(st, RV.CAUSE_ILLEGAL_INSTRUCTION, word)
    return SYS_TRAP
