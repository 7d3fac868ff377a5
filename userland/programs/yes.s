# userland/programs/yes.s — print a line again and again: `yes` prints "y",
# `yes WORD...` the words separated by spaces.  It ends when no one reads
# any more: stdio's write gets -EPIPE and exits with STATUS_BROKEN_PIPE,
# quietly, as SIGPIPE ends yes on Unix (or with Ctrl-C).

    .include "frame.inc"

    .text

# main(a0 = argc, a1 = argv) -> never returns. Called by _start.
# s0 = argc, s1 = argv, s2 = word index.
    .globl main
main:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
1:  li      t0, 1
    bgt     s0, t0, 2f
    la      a0, y_text
    call    stdout_str
    j       4f
2:  li      s2, 1                   # the words, separated by spaces
3:  slli    t0, s2, 2
    add     t0, s1, t0
    lw      a0, 0(t0)
    call    stdout_str
    addi    s2, s2, 1
    bge     s2, s0, 4f
    li      a0, ' '
    call    stdout_char
    j       3b
4:  li      a0, '\n'
    call    stdout_char
    j       1b

    .section .rodata
y_text: .asciz "y"
