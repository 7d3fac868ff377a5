"""Trap entry, interrupt selection and the privileged instructions (cold paths).

Everything that changes privilege goes through `take_trap`, `do_mret` or
`do_sret`; each leaves the new pc in st[PC] and recomputes the TLB keys.
"""
from numba import njit

from asm.csrs import CSR_NUMBERS
from vm import state as S
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

SIE_BIT, MIE_BIT, SPIE_BIT, MPIE_BIT, SPP_BIT = 1 << 1, 1 << 3, 1 << 5, 1 << 7, 1 << 8
MPP_SHIFT = 11
MPP_MASK = 3 << 11
MPRV_BIT = 1 << 17
TVM_BIT, TW_BIT, TSR_BIT = 1 << 20, 1 << 21, 1 << 22
STCE_BIT = 1 << 31           # in menvcfgh

# interrupt priority, highest first (privileged spec 3.1.9)
IRQ_PRIORITY = (S.IRQ_MEI, S.IRQ_MSI, S.IRQ_MTI, S.IRQ_SEI, S.IRQ_SSI, S.IRQ_STI)


@njit(cache=True)
def hardware_mip(st, csrs, clint, plic):
    """mip as the guest reads it: the software-writable bits plus the device lines."""
    mip = csrs[MIP]
    now = clint_dev.mtime(st)
    if clint_dev.reached(now, clint[clint_dev.MTIMECMP]):          # mtimecmp resets to 0: MTIP is pending, as on QEMU
        mip |= S.MIP_MTIP
    if clint[clint_dev.MSIP]:
        mip |= S.MIP_MSIP
    if plic[plic_dev.ASSERTED + R.PLIC_CONTEXT_M]:
        mip |= S.MIP_MEIP
    if plic[plic_dev.ASSERTED + R.PLIC_CONTEXT_S]:
        mip |= S.MIP_SEIP
    if csrs[MENVCFGH] & STCE_BIT:
        mip &= ~S.MIP_STIP
        if st[S.STIMECMP_ARMED] and clint_dev.reached(now, csrs[STIMECMP]):
            mip |= S.MIP_STIP
    return mip


@njit(cache=True)
def pending_interrupt(st, csrs, clint, plic):
    """The interrupt to take now (its number), or -1."""
    pending = hardware_mip(st, csrs, clint, plic) & csrs[MIE]
    if pending == 0:
        return -1
    priv = st[S.PRIV]
    mstatus = csrs[MSTATUS]
    mideleg = csrs[MIDELEG]
    m_enabled = priv < S.PRIV_M or (mstatus & MIE_BIT) != 0
    s_enabled = priv < S.PRIV_S or (priv == S.PRIV_S and (mstatus & SIE_BIT) != 0)
    m_pending = pending & ~mideleg if m_enabled else 0
    s_pending = pending & mideleg if s_enabled else 0
    for irq in IRQ_PRIORITY:
        if (m_pending >> irq) & 1:
            return irq
    for irq in IRQ_PRIORITY:
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
    mcause = cause | (0x80000000 if interrupt else 0)
    mstatus = csrs[MSTATUS]
    if priv <= S.PRIV_S and (deleg >> cause) & 1:
        csrs[SCAUSE] = mcause
        csrs[SEPC] = pc & 0xFFFFFFFF
        csrs[STVAL] = tval & 0xFFFFFFFF
        mstatus &= ~(SPIE_BIT | SPP_BIT)
        if mstatus & SIE_BIT:
            mstatus |= SPIE_BIT
        if priv == S.PRIV_S:
            mstatus |= SPP_BIT
        mstatus &= ~SIE_BIT
        vec = csrs[STVEC]
        st[S.PRIV] = S.PRIV_S
    else:
        vec = csrs[MTVEC]
        if vec == 0:
            st[S.STOP] = S.STOP_NO_HANDLER
            st[S.STOP_CAUSE] = mcause
            st[S.STOP_PC] = pc & 0xFFFFFFFF
            st[S.STOP_TVAL] = tval & 0xFFFFFFFF
            return False
        csrs[MCAUSE] = mcause
        csrs[MEPC] = pc & 0xFFFFFFFF
        csrs[MTVAL] = tval & 0xFFFFFFFF
        mstatus &= ~(MPIE_BIT | MPP_MASK)
        if mstatus & MIE_BIT:
            mstatus |= MPIE_BIT
        mstatus |= priv << MPP_SHIFT
        mstatus &= ~MIE_BIT
        st[S.PRIV] = S.PRIV_M
    csrs[MSTATUS] = mstatus
    base = vec & ~3
    if interrupt and (vec & 3) == 1:
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
    st[S.TRAP_TVAL] = tval & 0xFFFFFFFF


# results of exec_system
SYS_NEXT = 0       # continue at pc + 4
SYS_TRAP = 1       # st[TRAP_CAUSE] is set
SYS_JUMP = 2       # continue at st[PC] (privilege may have changed)
SYS_WFI = 3        # continue at pc + 4, nothing pending: return to the host


@njit(cache=True)
def exec_system(st, csrs, tlb, clint, plic, word, pc):
    """ecall, ebreak, mret, sret, wfi, sfence.vma (funct3 == 0 of the SYSTEM opcode)."""
    priv = st[S.PRIV]
    mstatus = csrs[MSTATUS]
    if word == 0x00100073 and st[S.DEBUG] & S.DEBUG_EBREAK:
        # [gdb hook] gdb attached: stop *before* the ebreak (the core leaves the loop
        # because st[STOP] is set); vm/gdb/target.py decides whether it was planted.
        st[S.STOP] = S.STOP_BREAKPOINT
        st[S.PC] = pc
        return SYS_JUMP
    if word == 0x00000073:                        # ecall
        cause = S.CAUSE_USER_ECALL
        if priv == S.PRIV_S:
            cause = S.CAUSE_SUPERVISOR_ECALL
        elif priv == S.PRIV_M:
            cause = S.CAUSE_MACHINE_ECALL
        raise_exception(st, cause, 0)
        return SYS_TRAP
    if word == 0x00100073:                        # ebreak (QEMU 7.2 leaves tval 0)
        raise_exception(st, S.CAUSE_BREAKPOINT, 0)
        return SYS_TRAP
    if word == 0x30200073:                        # mret
        if priv != S.PRIV_M:
            raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        target = csrs[MEPC]
        if target & 3:
            raise_exception(st, S.CAUSE_MISALIGNED_FETCH, target)
            return SYS_TRAP
        new_priv = (mstatus >> MPP_SHIFT) & 3
        if new_priv != S.PRIV_M and pmp_rule_count(csrs) == 0:
            # QEMU: leaving M-mode before PMP is opened is an illegal instruction
            raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        mstatus &= ~(MIE_BIT | MPP_MASK)
        if mstatus & MPIE_BIT:
            mstatus |= MIE_BIT
        mstatus |= MPIE_BIT
        if new_priv != S.PRIV_M:
            mstatus &= ~MPRV_BIT
        csrs[MSTATUS] = mstatus
        st[S.PRIV] = new_priv
        st[S.PC] = target
        update_keys(st, csrs)
        st[S.IRQ_RECHECK] = 1
        return SYS_JUMP
    if word == 0x10200073:                        # sret
        if priv < S.PRIV_S or (priv == S.PRIV_S and (mstatus & TSR_BIT)):
            raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        target = csrs[SEPC]
        if target & 3:
            raise_exception(st, S.CAUSE_MISALIGNED_FETCH, target)
            return SYS_TRAP
        new_priv = S.PRIV_S if mstatus & SPP_BIT else S.PRIV_U
        mstatus &= ~(SIE_BIT | SPP_BIT)
        if mstatus & SPIE_BIT:
            mstatus |= SIE_BIT
        mstatus |= SPIE_BIT
        mstatus &= ~MPRV_BIT
        csrs[MSTATUS] = mstatus
        st[S.PRIV] = new_priv
        st[S.PC] = target
        update_keys(st, csrs)
        st[S.IRQ_RECHECK] = 1
        return SYS_JUMP
    if word == 0x10500073:                        # wfi
        if priv == S.PRIV_U or (priv == S.PRIV_S and (mstatus & TW_BIT)):
            raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        if hardware_mip(st, csrs, clint, plic) & csrs[MIE]:
            st[S.IRQ_RECHECK] = 1
            return SYS_NEXT
        return SYS_WFI
    if (word & 0xFE007FFF) == 0x12000073:         # sfence.vma
        if priv == S.PRIV_U or (priv == S.PRIV_S and (mstatus & TVM_BIT)):
            raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
            return SYS_TRAP
        flush_tlb(tlb)
        return SYS_NEXT
    raise_exception(st, S.CAUSE_ILLEGAL_INSTRUCTION, word)
    return SYS_TRAP
