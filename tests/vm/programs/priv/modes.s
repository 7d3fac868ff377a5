# modes.s -- M -> S -> U and back: ecall from each mode, privileged
# instructions and CSRs from the wrong mode, traps handled in M and then
# delegated to S, and what mret/sret leave in mstatus.
.include "privlib.inc"

.macro SHOW_MSTATUS
    csrr    t3, mstatus
    li      t4, MSTATUS_PRINTABLE
    and     t3, t3, t4
    PRINT_HEX "mstatus=", t3
    NEWLINE
.endm

    PRIV_BOOT
main:
    PRINT   "modes\n"
    SHOW_MSTATUS
    PRINT   "ecall from M:\n"
    ecall
    SHOW_MSTATUS

    PRINT   "to S\n"
    ENTER_MODE MODE_S, s_mode
s_mode:
    PRINT   "in S: ecall\n"
    ecall
    PRINT   "in S: M-level CSR, mret, unknown CSR\n"
    csrr    t0, mstatus
    csrw    mscratch, t0
    mret
    csrr    t0, 0x7c0
    PRINT   "in S: sstatus is a view of mstatus\n"
    csrr    t3, sstatus
    li      t4, 0x000de122          # SD and the FS/VS/XS bits left out
    and     t3, t3, t4
    PRINT_HEX "sstatus=", t3
    NEWLINE
    PRINT   "in S: sret to U\n"
    la      t0, u_mode
    csrw    sepc, t0
    li      t0, MSTATUS_SPP
    csrc    sstatus, t0
    li      t0, MSTATUS_SPIE
    csrs    sstatus, t0
    sret
u_mode:
    PRINT   "in U: ecall\n"
    ecall
    PRINT   "in U: S CSR, sret, mret, wfi, sfence.vma, zero word, ebreak\n"
    csrr    t0, sstatus
    csrw    sscratch, t0
    sret
    mret
    wfi
    sfence.vma zero, zero
    .word 0
    ebreak
    PRINT   "in U: back to M\n"
    RESUME_AT back_in_m, MODE_M
    ecall
back_in_m:
    PRINT   "in M again\n"
    SHOW_MSTATUS

    PRINT   "delegate U ecall, illegal instruction and breakpoint to S\n"
    li      t0, (1 << 8) | (1 << 2) | (1 << 3)
    csrw    medeleg, t0
    csrr    t3, medeleg
    PRINT_HEX "medeleg=", t3
    NEWLINE
    la      t0, s_trap
    csrw    stvec, t0
    la      t0, s_trap_stack_top
    csrw    sscratch, t0
    PRINT   "in M: an illegal instruction still traps to M\n"
    .word 0
    ENTER_MODE MODE_U, u_delegated
u_delegated:
    PRINT   "in U: ecall, zero word, csrr mstatus, ebreak go to S\n"
    ecall
    .word 0
    csrr    t0, mstatus
    ebreak
    PRINT   "in U: to S through the S handler\n"
    S_RESUME_AT s_again, MODE_S
    ecall
s_again:
    PRINT   "in S: ecall is not delegated\n"
    ecall
    PRINT   "in S: illegal instruction goes to S itself\n"
    .word 0xffffffff
    csrr    t3, sstatus
    li      t4, 0x000de122
    and     t3, t3, t4
    PRINT_HEX "sstatus=", t3
    NEWLINE
    PRINT   "in S: sret with TSR set\n"
    RESUME_AT m_tsr, MODE_M
    ecall
m_tsr:
    csrw    medeleg, zero           # the S handler's own sret would trap too
    li      t0, MSTATUS_TSR
    csrs    mstatus, t0
    ENTER_MODE MODE_S, s_tsr
s_tsr:
    la      t0, s_tsr_after
    csrw    sepc, t0
    sret
s_tsr_after:
    PRINT   "in S: wfi with TW set, satp and sfence.vma with TVM set\n"
    RESUME_AT m_tw, MODE_M
    ecall
m_tw:
    li      t0, MSTATUS_TSR
    csrc    mstatus, t0
    li      t0, MSTATUS_TW | MSTATUS_TVM
    csrs    mstatus, t0
    ENTER_MODE MODE_S, s_tw
s_tw:
    wfi
    csrr    t0, satp
    csrw    satp, zero
    sfence.vma
    RESUME_AT m_done, MODE_M
    ecall
m_done:
    li      t0, MSTATUS_TW | MSTATUS_TVM
    csrc    mstatus, t0
    SHOW_MSTATUS
    PRINT   "done\n"
    POWER_OFF

    PRIV_LIB
