# userland/programs/lpq.s — `lpq`: the print queue.
#
# One line per job of the print spooler (servers/lpd), the one printing
# first, with how much of it the printer has taken: the spooler's [lp_job]
# records (kernel/abi.toml) as they are.  "no entries" when it is empty.
# Exits 0, 1 when the spooler cannot be asked.

    .include "abi.inc"
    .include "frame.inc"

    .text
    .globl main
# main() -> a0 = exit status. Called by _start.
# s0 = record cursor, s1 = records left.
main:
    prologue ra, s0, s1
    la      a0, records
    li      a1, LP_JOBS_MAX
    call    lpd_queue
    bltz    a0, 8f
    mv      s1, a0
    bnez    s1, 1f
    la      a0, empty_text
    call    printf
    j       7f
1:  la      a0, header_text
    call    printf
    la      s0, records
2:  beqz    s1, 7f
    lw      a1, LPJ_JOB(s0)
    la      a2, queued_text
    lw      t0, LPJ_STATE(s0)
    li      t1, LP_PRINTING
    bne     t0, t1, 3f
    la      a2, printing_text
3:  lw      a3, LPJ_BYTES(s0)
    lw      a4, LPJ_PRINTED(s0)
    addi    a5, s0, LPJ_NAME
    la      a0, row_text
    call    printf
    addi    s0, s0, LPJ_SIZE
    addi    s1, s1, -1
    j       2b
7:  li      a0, 0
    j       9f
8:  la      a1, name_text
    la      a2, spooler_text
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
name_text:     .asciz "lpq"
spooler_text:  .asciz "the spooler"
empty_text:    .asciz "no entries\n"
header_text:   .asciz "  JOB STATE        BYTES  PRINTED FILE\n"
row_text:      .asciz "%5u %-8s %9u %8u %s\n"
printing_text: .asciz "printing"
queued_text:   .asciz "queued"

    .bss
    .balign 4
records: .zero LP_JOBS_MAX * LPJ_SIZE
