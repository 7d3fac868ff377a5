# vectored.s -- vectored trap vectors: exceptions go to the base, an
# interrupt with cause n to base + 4n, for mtvec and stvec alike.  Also: a
# delegated S interrupt is taken while U runs even with sstatus.SIE clear
# (a lower privilege always takes higher-level interrupts).  The vector
# stubs print before the generic handler saves anything, so they clobber
# a0, a1, t0-t2 and ra of the code they interrupt; no code here minds.
.include "privlib.inc"

.equ MIP_SSIP, 0x002
.equ MIP_STIP, 0x020
.equ MIP_MTIP, 0x080

    PRIV_BOOT
main:
    PRINT   "vectored\n"
    la      t0, m_vectors
    ori     t0, t0, 1
    csrw    mtvec, t0
    csrr    t3, mtvec
    la      t4, m_vectors
    sub     t3, t3, t4
    PRINT_HEX "mtvec mode=", t3
    NEWLINE

    PRINT   "M: ecall goes to the base\n"
    ecall
    PRINT   "M: timer interrupt goes to base + 4*7\n"
    li      t0, MIP_MTIP
    csrw    mie, t0
    li      t0, CLINT_MTIMECMP
    sw      zero, 4(t0)
    sw      zero, 0(t0)
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    csrw    mie, zero

    PRINT   "S: vectored stvec, STI delegated, taken in U with SIE clear\n"
    la      t0, s_vectors
    ori     t0, t0, 1
    csrw    stvec, t0
    la      t0, s_trap_stack_top
    csrw    sscratch, t0
    li      t0, MIP_STIP | MIP_SSIP
    csrw    mideleg, t0
    csrw    mie, t0
    li      t0, 0x80000000          # menvcfgh.STCE
    csrs    menvcfgh, t0
    li      t0, 2                   # mcounteren.TM
    csrs    mcounteren, t0
    li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t0
    ENTER_MODE MODE_S, s_main
s_main:
    csrci   sstatus, MSTATUS_SIE
    li      t0, MIP_STIP | MIP_SSIP
    csrw    sie, t0
    li      t0, MIP_SSIP
    csrs    sip, t0                 # pending, but SIE is clear in S: not taken
    PRINT   "S: SSIP pending with SIE clear: not taken in S\n"
    csrw    stimecmph, zero
    csrw    stimecmp, zero          # STIP too
    la      t0, u_main
    csrw    sepc, t0
    li      t0, MSTATUS_SPP
    csrc    sstatus, t0
    sret                            # both are taken as soon as U runs
u_main:
    j       u_main                  # the S vector handler never returns here

s_done:
    PRINT   "S: back in S\n"
    POWER_OFF

# M vector table: slot 0 for exceptions, slot 7 for the machine timer.
    .align 6
m_vectors:
    j       m_vec_exception
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_timer
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_unexpected
    j       m_vec_unexpected

m_vec_exception:
    PRINT   "  M vector 0, "
    j       m_trap                  # the generic handler prints and skips the ecall
m_vec_timer:
    PRINT   "  M vector 7, "
    li      t0, CLINT_MTIMECMP
    li      t1, -1
    sw      t1, 4(t0)
    sw      t1, 0(t0)
    j       m_trap
m_vec_unexpected:
    PRINT   "  M vector ?, "
    j       m_trap

# S vector table: slot 1 for SSI, slot 5 for STI.
    .align 6
s_vectors:
    j       s_vec_unexpected
    j       s_vec_ssi
    j       s_vec_unexpected
    j       s_vec_unexpected
    j       s_vec_unexpected
    j       s_vec_sti
    j       s_vec_unexpected
    j       s_vec_unexpected
    j       s_vec_unexpected
    j       s_vec_unexpected

s_vec_ssi:
    PRINT   "  S vector 1, "
    li      t0, MIP_SSIP
    csrc    sip, t0
    j       s_trap
s_vec_sti:
    PRINT   "  S vector 5, "
    li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t0
    S_RESUME_AT s_done, MODE_S      # the last one: leave U
    j       s_trap
s_vec_unexpected:
    PRINT   "  S vector ?, "
    j       s_trap

    PRIV_LIB
