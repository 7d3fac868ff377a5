# counters.s -- who may read cycle, time and instret: M always; S when
# mcounteren allows; U when mcounteren and scounteren both allow.  Also
# stimecmp from S needs menvcfgh.STCE, and MPRV makes M-mode loads and
# stores use the translation and permissions of MPP.  Values read are never
# printed (they differ between machines); only whether a read trapped.
.include "privlib.inc"

.equ CY, 1
.equ TM, 2
.equ IR, 4

# Read the three counters (and cycleh) in the current mode; each read that
# is refused prints an M-trap line with the instruction in tval.
.macro READ_COUNTERS
    rdcycle t3
    rdtime  t3
    rdinstret t3
    rdcycleh t3
.endm

    PRIV_BOOT
main:
    PRINT   "counters\n"
    PRINT   "M: all readable\n"
    READ_COUNTERS
    csrr    t3, mcycle
    csrr    t3, minstret

    PRINT   "S: mcounteren = 0\n"
    ENTER_MODE MODE_S, at_s1
at_s1: READ_COUNTERS
    csrr    t3, mcycle
    RESUME_AT at_m1, MODE_M
    ecall
at_m1: li      t0, CY | IR
    csrw    mcounteren, t0
    PRINT   "S: mcounteren = CY|IR\n"
    ENTER_MODE MODE_S, at_s2
at_s2: READ_COUNTERS
    RESUME_AT at_m2, MODE_M
    ecall
at_m2: PRINT   "U: mcounteren = CY|IR, scounteren = 0\n"
    ENTER_MODE MODE_U, at_u3
at_u3: READ_COUNTERS
    RESUME_AT at_m3, MODE_M
    ecall
at_m3: li      t0, CY | TM | IR
    csrw    mcounteren, t0
    li      t0, TM
    csrw    scounteren, t0
    PRINT   "U: mcounteren = CY|TM|IR, scounteren = TM\n"
    ENTER_MODE MODE_U, at_u4
at_u4: READ_COUNTERS
    RESUME_AT at_m4, MODE_M
    ecall
at_m4: PRINT   "S: stimecmp without and with menvcfgh.STCE\n"
    ENTER_MODE MODE_S, at_s5
at_s5: csrr    t3, stimecmp
    RESUME_AT at_m5, MODE_M
    ecall
at_m5: li      t0, 0x80000000
    csrs    menvcfgh, t0
    ENTER_MODE MODE_S, at_s6
at_s6: li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t0
    csrr    t3, stimecmp
    PRINT_HEX "stimecmp=", t3
    NEWLINE
    RESUME_AT at_m6, MODE_M
    ecall

at_m6: PRINT   "M: MPRV with MPP=S loads through the page table\n"
    la      t0, l1_table
    li      t1, 0x80000000 >> 22 << 2
    add     t0, t0, t1
    li      t1, ((0x80000000 >> 12) << 10) | 0xcf # V R W X A D, not U
    sw      t1, 0(t0)
    la      t0, l1_table
    li      t1, 0x40000000 >> 22 << 2
    add     t0, t0, t1
    li      t1, ((0x80000000 >> 12) << 10) | 0x43 # V R A: read-only alias
    sw      t1, 0(t0)
    la      t0, l1_table
    srli    t0, t0, 12
    li      t1, 0x80000000
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    la      t3, mprv_word
    li      t0, 0x40000000 - 0x80000000
    add     t3, t3, t0              # the read-only alias of mprv_word
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    li      t0, MODE_S << 11
    csrs    mstatus, t0
    li      t0, MSTATUS_MPRV
    csrs    mstatus, t0
    lw      t4, 0(t3)               # through the alias: allowed
    sw      t4, 0(t3)               # read-only: store page fault, taken in M
    li      t0, MSTATUS_MPRV
    csrc    mstatus, t0
    PRINT_HEX "loaded via MPRV: ", t4
    NEWLINE
    csrw    satp, zero
    PRINT   "done\n"
    POWER_OFF

    PRIV_LIB

    .data
    .balign 4096
l1_table:
    .zero 4096
mprv_word:
    .word 0x600dcafe
