# timer.s -- interrupts: the CLINT machine timer (mtimecmp), the Sstc
# supervisor timer (stimecmp, enabled by menvcfgh.STCE and mcounteren.TM),
# software interrupts, WFI waking with interrupts globally off, delegation
# with mideleg, and the priority order MSI > MTI and SSI > STI.  (QEMU 7.2
# without AIA takes the lowest-numbered pending interrupt first, so it puts
# SSI before MTI against the spec: irq_priority.s checks that order on our
# VM alone.)
# Nothing here prints a time: the transcript is the same on any clock.
.include "privlib.inc"

.equ MIP_SSIP, 0x002
.equ MIP_MSIP, 0x008
.equ MIP_STIP, 0x020
.equ MIP_MTIP, 0x080
.equ MENVCFGH_STCE, 0x80000000
.equ MCOUNTEREN_TM, 0x2

# mtimecmp = mtime + `delta` (rv32: write the high half last, via all-ones).
.macro MTIMECMP_IN delta
    li      t0, CLINT_MTIME
    lw      t1, 0(t0)
    lw      t2, 4(t0)
    li      t0, \delta
    add     t0, t1, t0
    sltu    t1, t0, t1
    add     t2, t2, t1
    li      t1, CLINT_MTIMECMP
    li      a0, -1
    sw      a0, 4(t1)
    sw      t0, 0(t1)
    sw      t2, 4(t1)
.endm

.macro SHOW_MIP name
    csrr    t3, mip
    andi    t3, t3, 0xaa
    PRINT_HEX "\name", t3
    NEWLINE
.endm

    PRIV_BOOT
main:
    PRINT   "timer\n"
    SET_IRQ_HOOK m_irq_hook, m_clear_source
    SET_IRQ_HOOK s_irq_hook, s_clear_timer

    PRINT   "M: WFI wakes on a pending MTIP with MIE off\n"
    li      t0, MIP_MTIP
    csrw    mie, t0
    MTIMECMP_IN 2000
    wfi
    SHOW_MIP "mip="
    PRINT   "M: MIE on: the interrupt is taken\n"
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    SHOW_MIP "mip="

    PRINT   "M: a machine interrupt preempts S even with MIE off\n"
    MTIMECMP_IN 0
    RESUME_AT m_after_s_spin, MODE_M
    ENTER_MODE MODE_S, s_spin
s_spin:
    j       s_spin
m_after_s_spin:
    SHOW_MIP "mip="
    csrci   mstatus, MSTATUS_MIE    # mret from the trap set it from MPIE

    PRINT   "M: priority: MSI before MTI, SSI before STI\n"
    li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t0
    li      t0, MENVCFGH_STCE
    csrs    menvcfgh, t0
    li      t0, MCOUNTEREN_TM
    csrs    mcounteren, t0
    li      t0, MIP_MSIP | MIP_MTIP | MIP_SSIP | MIP_STIP
    csrw    mie, t0
    li      t0, CLINT_BASE
    li      t1, 1
    sw      t1, 0(t0)               # msip
    MTIMECMP_IN 0
    SHOW_MIP "mip="
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    csrw    stimecmph, zero
    csrw    stimecmp, zero
    li      t0, MIP_SSIP
    csrs    mip, t0
    SHOW_MIP "mip="
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    SHOW_MIP "mip="

    PRINT   "S: delegated Sstc timer and software interrupt\n"
    li      t0, MIP_SSIP | MIP_STIP
    csrw    mideleg, t0
    csrr    t3, mideleg
    andi    t3, t3, 0x222           # QEMU, with H, also shows VS bits fixed at 1
    PRINT_HEX "mideleg=", t3
    NEWLINE
    la      t0, s_trap
    csrw    stvec, t0
    la      t0, s_trap_stack_top
    csrw    sscratch, t0
    ENTER_MODE MODE_S, s_main
s_main:
    csrci   sstatus, MSTATUS_SIE
    li      t0, MIP_STIP | MIP_SSIP
    csrw    sie, t0
    rdtime  t1
    li      t0, 2000
    add     t1, t1, t0
    li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t1
    csrw    stimecmph, zero
    wfi
    csrr    t3, sip
    PRINT_HEX "S: after wfi sip=", t3
    NEWLINE
    csrsi   sstatus, MSTATUS_SIE
    csrci   sstatus, MSTATUS_SIE
    csrr    t3, sip
    PRINT_HEX "S: sip=", t3
    NEWLINE
    li      t0, MIP_SSIP
    csrs    sip, t0
    csrr    t3, sip
    PRINT_HEX "S: set SSIP sip=", t3
    NEWLINE
    csrsi   sstatus, MSTATUS_SIE
    csrci   sstatus, MSTATUS_SIE
    PRINT   "S: a delegated interrupt is not taken in M\n"
    RESUME_AT m_done, MODE_M
    ecall
m_done:
    csrw    stimecmph, zero
    csrw    stimecmp, zero
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    SHOW_MIP "M: STIP pending, delegated: mip="
    PRINT   "done\n"
    POWER_OFF

# M interrupt hook: clear the source of the interrupt being taken.
m_clear_source:
    csrr    t0, mcause
    andi    t0, t0, 0xff
    li      t1, 3
    bne     t0, t1, 1f
    li      t1, CLINT_BASE
    sw      zero, 0(t1)             # MSI: msip = 0
    ret
1:  li      t1, 7
    bne     t0, t1, 2f
    li      t1, CLINT_MTIMECMP      # MTI: mtimecmp = never
    li      t2, -1
    sw      t2, 4(t1)
    sw      t2, 0(t1)
    ret
2:  li      t1, 1
    bne     t0, t1, 3f
    li      t1, MIP_SSIP            # SSI: clear the pending bit
    csrc    mip, t1
    ret
3:  li      t1, -1                  # STI: stimecmp = never
    csrw    stimecmph, t1
    csrw    stimecmp, t1
    ret

# S interrupt hook: the S timer and the S software interrupt.
s_clear_timer:
    li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t0
    li      t0, MIP_SSIP
    csrc    sip, t0
    ret

    PRIV_LIB
