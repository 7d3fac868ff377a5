# faults.s -- exceptions that are not about paging: a misaligned LR (it
# traps; plain loads complete), access faults for loads, stores and fetches
# outside every device, unknown and read-only CSRs; each prints its mcause,
# mepc and mtval.  Misaligned AMO/SC and AMO access faults are in
# spec_only.s: QEMU 7.2 reports them with load causes, against the spec.
.include "privlib.inc"

    PRIV_BOOT
main:
    PRINT   "faults\n"
    PRINT   "misaligned LR traps; a misaligned lw completes\n"
    la      s1, word_pair
    addi    t3, s1, 1
    lr.w    t4, (t3)
    addi    t3, s1, 2
    lr.w.aq t4, (t3)
    addi    t3, s1, 3
    lw      t4, 0(t3)
    PRINT_HEX "lw at +3: ", t4
    NEWLINE

    PRINT   "access faults\n"
    li      t3, 0
    lw      t4, 0(t3)
    li      t3, 0x00000100
    sw      t4, 0(t3)
    li      t3, 0x0b000000
    lw      t4, 0(t3)
    li      t3, 0x0b000004
    sh      t4, 0(t3)
    RESUME_AT after_fetch, MODE_M
    li      t3, 0x0b000000
    jalr    ra, 0(t3)
after_fetch:

    PRINT   "unknown and read-only CSRs\n"
    csrr    t4, 0x7c0
    csrw    0x5c0, t4
    csrw    mvendorid, t4
    csrw    cycleh, t4
    csrrs   t4, mhartid, zero
    PRINT_HEX "mhartid read with rs1=x0: ", t4
    NEWLINE
    csrrsi  t4, mimpid, 1
    PRINT   "done\n"
    POWER_OFF

    PRIV_LIB

    .data
    .align 3
word_pair:
    .word 0x44332211, 0x88776655
