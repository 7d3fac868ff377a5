# userland/programs/env.s — `env`: prints the environment it was given,
# one NAME=value a line, in the order its parent passed it.  A program,
# not a shell builtin, so it shows exactly what a child inherits (the
# shell's exported variables: `export`).  Takes no arguments.

    .include "frame.inc"
    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0, 2 with arguments (a usage line).
# Called by _start (crt0). s0 = this string.
main:
    prologue ra, s0
    li      t0, 1
    bne     a0, t0, 8f
    la      t0, environ
    lw      s0, 0(t0)
    beqz    s0, 3f
1:  lbu     t0, 0(s0)
    beqz    t0, 3f                  # the empty string ends the block
    mv      a0, s0
    call    stdout_str
    li      a0, '\n'
    call    stdout_char
2:  lbu     t0, 0(s0)
    addi    s0, s0, 1
    bnez    t0, 2b
    j       1b
3:  li      a0, 0
    j       9f
8:  li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 2
9:  epilogue
    ret

    .section .rodata
usage_text: .asciz "usage: env\n"
