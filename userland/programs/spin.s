# userland/programs/spin.s — a CPU hog: loops forever without a system call,
# so only the timer can take the CPU back. Shows time-sharing in `ps` and is
# what Ctrl-C or `kill` stops. `spin N` stops by itself after N million
# iterations and exits 0.

    .include "frame.inc"
    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0 (only when a limit was given).
# Called by _start (crt0). s0 = iterations left in millions (-1 = forever).
main:
    prologue ra, s0
    li      s0, -1
    li      t0, 2
    blt     a0, t0, 1f
    lw      a0, 4(a1)
    call    parse_int
    beqz    a1, 1f
    mv      s0, a0
1:  beqz    s0, 3f
    li      t0, 1000000
2:  addi    t0, t0, -1
    bnez    t0, 2b
    blt     s0, zero, 1b            # forever
    addi    s0, s0, -1
    j       1b
3:  li      a0, 0
    epilogue
    ret
