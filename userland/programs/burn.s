# userland/programs/burn.s — `burn MS`: a CPU-bound job of known length.
#
# Computes for MS milliseconds of CPU and exits, making no system call in
# between: the batch jobs whose turnaround and waiting times show how the
# scheduling policies differ (FIFO's convoy effect, round robin's sharing).
# The length is counted in instructions: 100,000 per ms, a millisecond of
# guest time when toyos runs in deterministic time (vm/state.py: 10
# instructions per tick of the 10 MHz timer); on QEMU it takes what it takes.

    .include "frame.inc"
    .text

    .equ LOOPS_PER_MS, 50000        # the inner loop is 2 instructions
    .equ MS_MAX, 600000             # ten minutes

    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0, or 1 after the usage line.
# Called by _start (crt0).  s0 = milliseconds left.
main:
    prologue ra, s0
    li      t0, 2
    bne     a0, t0, 8f
    lw      a0, 4(a1)
    call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f
    li      t0, MS_MAX
    bgtu    a0, t0, 8f
    mv      s0, a0
1:  beqz    s0, 3f
    li      t0, LOOPS_PER_MS
2:  addi    t0, t0, -1
    bnez    t0, 2b
    addi    s0, s0, -1
    j       1b
3:  li      a0, 0
    j       9f
8:  la      a0, usage_text
    call    printf
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
usage_text:   .asciz "usage: burn MS (0 to 600000)\n"
