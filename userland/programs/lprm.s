# userland/programs/lprm.s — `lprm JOB...`: cancel print jobs.
#
# Asks the print spooler (servers/lpd) to drop each job (numbers as lpq
# shows them).  A job that is printing stops where it is; what the printer
# took stays printed.  Prints "job N cancelled" for each; an unknown job is
# "lprm: N: no such job".  Exits 0, 1 if any failed, 2 with a usage line.

    .include "abi.inc"
    .include "frame.inc"

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = argv cursor, s1 = arguments left, s2 = status.
main:
    prologue ra, s0, s1, s2
    addi    s0, a1, 4
    addi    s1, a0, -1
    li      s2, 0
    bgtz    s1, 1f
    la      a0, usage_text
    call    printf
    li      s2, 2
    j       9f
1:  beqz    s1, 9f
    lw      a0, 0(s0)
    call    parse_int
    beqz    a1, 5f
    blez    a0, 5f
    call    lpd_cancel_report
    or      s2, s2, a0
    j       6f
5:  lw      a1, 0(s0)
    la      a0, bad_text
    call    printf
    li      s2, 1
6:  addi    s0, s0, 4
    addi    s1, s1, -1
    j       1b
9:  mv      a0, s2
    epilogue
    ret

# lpd_cancel_report(a0 = job) -> a0 = 0, or 1 after a line saying why not.
# Clobbers caller-saved. s0 = the job.
lpd_cancel_report:
    prologue ra, s0
    mv      s0, a0
    call    lpd_cancel
    bltz    a0, 2f
    mv      a1, s0
    la      a0, cancelled_text
    call    printf
    li      a0, 0
    j       9f
2:  li      t0, -ESRCH
    bne     a0, t0, 3f
    mv      a1, s0
    la      a0, no_job_text
    call    printf
    li      a0, 1
    j       9f
3:  la      a1, name_text
    la      a2, spooler_text
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
name_text:      .asciz "lprm"
spooler_text:   .asciz "the spooler"
usage_text:     .asciz "usage: lprm JOB...\n"
bad_text:       .asciz "lprm: %s: not a job number\n"
cancelled_text: .asciz "job %u cancelled\n"
no_job_text:    .asciz "lprm: %u: no such job\n"
